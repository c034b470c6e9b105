namespace DeepScan.Detection.Onnx.Native;

/// <summary>
/// The part of ONNX Runtime's <c>OrtApi</c> function table deepscan calls, bound by position, in the header's order.
/// </summary>
/// <remarks>
/// Positions are indices into <c>struct OrtApi</c> in <c>onnxruntime_c_api.h</c>
/// (see <c>shared/reference/ortapi-function-table.txt</c>). New versions only append to the table, so the
/// positions hold for every library that serves <see cref="Version"/>. Functions returning <c>OrtStatus*</c>
/// return it as <see cref="IntPtr"/>; callers pass it straight to <see cref="OrtStatus.VerifySuccess"/>.
/// </remarks>
internal sealed unsafe class OrtApi
{
    /// <summary><c>ORT_API_VERSION</c> of the table layout this class binds (ONNX Runtime 1.30).</summary>
    public const uint Version = 30;

    #region OrtStatus

    // OrtErrorCode GetErrorCode(const OrtStatus* status)
    public readonly delegate* unmanaged<IntPtr /*(const OrtStatus*)*/, OrtErrorCode> GetErrorCode;

    // const char* GetErrorMessage(const OrtStatus* status)
    public readonly delegate* unmanaged<IntPtr /*(const OrtStatus*)*/, byte* /*(const char*)*/> GetErrorMessage;

    #endregion

    #region OrtEnv

    // OrtStatus* CreateEnvWithCustomLogger(OrtLoggingFunction logging_function, void* logger_param,
    //     OrtLoggingLevel log_severity_level, const char* logid, OrtEnv** out)
    public readonly delegate* unmanaged<
        IntPtr /*(OrtLoggingFunction)*/, IntPtr /*(void*)*/, OrtLoggingLevel, byte* /*(const char*)*/,
        IntPtr* /*(OrtEnv**)*/, IntPtr> CreateEnvWithCustomLogger;

    #endregion

    #region OrtSession

    // OrtStatus* CreateSession(const OrtEnv* env, const ORTCHAR_T* model_path, const OrtSessionOptions* options,
    //     OrtSession** out)
    public readonly delegate* unmanaged<
        IntPtr /*(const OrtEnv*)*/, void* /*(const ORTCHAR_T*)*/, IntPtr /*(const OrtSessionOptions*)*/,
        IntPtr* /*(OrtSession**)*/, IntPtr> CreateSession;

    // OrtStatus* Run(OrtSession* session, const OrtRunOptions* run_options, const char* const* input_names,
    //     const OrtValue* const* inputs, size_t input_len, const char* const* output_names, size_t output_names_len,
    //     OrtValue** outputs)
    public readonly delegate* unmanaged<
        IntPtr /*(OrtSession*)*/, IntPtr /*(const OrtRunOptions*)*/, byte** /*(const char* const*)*/,
        IntPtr* /*(const OrtValue* const*)*/, nuint, byte** /*(const char* const*)*/, nuint,
        IntPtr* /*(OrtValue**)*/, IntPtr> Run;

    #endregion

    #region OrtSessionOptions

    // OrtStatus* CreateSessionOptions(OrtSessionOptions** options)
    public readonly delegate* unmanaged<IntPtr* /*(OrtSessionOptions**)*/, IntPtr> CreateSessionOptions;

    // OrtStatus* SetIntraOpNumThreads(OrtSessionOptions* options, int intra_op_num_threads)
    public readonly delegate* unmanaged<IntPtr /*(OrtSessionOptions*)*/, int, IntPtr> SetIntraOpNumThreads;

    #endregion

    #region OrtSession metadata

    // OrtStatus* SessionGetInputCount(const OrtSession* session, size_t* out)
    public readonly delegate* unmanaged<IntPtr /*(const OrtSession*)*/, nuint* /*(size_t*)*/, IntPtr>
        SessionGetInputCount;

    // OrtStatus* SessionGetOutputCount(const OrtSession* session, size_t* out)
    public readonly delegate* unmanaged<IntPtr /*(const OrtSession*)*/, nuint* /*(size_t*)*/, IntPtr>
        SessionGetOutputCount;

    // OrtStatus* SessionGetInputTypeInfo(const OrtSession* session, size_t index, OrtTypeInfo** type_info)
    public readonly delegate* unmanaged<IntPtr /*(const OrtSession*)*/, nuint, IntPtr* /*(OrtTypeInfo**)*/, IntPtr>
        SessionGetInputTypeInfo;

    // OrtStatus* SessionGetOutputTypeInfo(const OrtSession* session, size_t index, OrtTypeInfo** type_info)
    public readonly delegate* unmanaged<IntPtr /*(const OrtSession*)*/, nuint, IntPtr* /*(OrtTypeInfo**)*/, IntPtr>
        SessionGetOutputTypeInfo;

    // OrtStatus* SessionGetInputName(const OrtSession* session, size_t index, OrtAllocator* allocator, char** value)
    public readonly delegate* unmanaged<
        IntPtr /*(const OrtSession*)*/, nuint, IntPtr /*(OrtAllocator*)*/, byte** /*(char**)*/, IntPtr>
        SessionGetInputName;

    // OrtStatus* SessionGetOutputName(const OrtSession* session, size_t index, OrtAllocator* allocator, char** value)
    public readonly delegate* unmanaged<
        IntPtr /*(const OrtSession*)*/, nuint, IntPtr /*(OrtAllocator*)*/, byte** /*(char**)*/, IntPtr>
        SessionGetOutputName;

    #endregion

    #region OrtValue

    // OrtStatus* CreateTensorWithDataAsOrtValue(const OrtMemoryInfo* info, void* p_data, size_t p_data_len,
    //     const int64_t* shape, size_t shape_len, ONNXTensorElementDataType type, OrtValue** out)
    public readonly delegate* unmanaged<
        IntPtr /*(const OrtMemoryInfo*)*/, void* /*(void*)*/, nuint, long* /*(const int64_t*)*/, nuint,
        OnnxElementType, IntPtr* /*(OrtValue**)*/, IntPtr> CreateTensorWithDataAsOrtValue;

    // OrtStatus* GetTensorMutableData(OrtValue* value, void** out)
    public readonly delegate* unmanaged<IntPtr /*(OrtValue*)*/, void** /*(void**)*/, IntPtr> GetTensorMutableData;

    #endregion

    #region OrtTypeInfo

    // OrtStatus* CastTypeInfoToTensorInfo(const OrtTypeInfo* type_info, const OrtTensorTypeAndShapeInfo** out)
    public readonly delegate* unmanaged<
        IntPtr /*(const OrtTypeInfo*)*/, IntPtr* /*(const OrtTensorTypeAndShapeInfo**)*/, IntPtr>
        CastTypeInfoToTensorInfo;

    // OrtStatus* GetOnnxTypeFromTypeInfo(const OrtTypeInfo* type_info, enum ONNXType* out)
    public readonly delegate* unmanaged<IntPtr /*(const OrtTypeInfo*)*/, OnnxValueType* /*(ONNXType*)*/, IntPtr>
        GetOnnxTypeFromTypeInfo;

    #endregion

    #region OrtTensorTypeAndShapeInfo

    // OrtStatus* GetTensorElementType(const OrtTensorTypeAndShapeInfo* info, enum ONNXTensorElementDataType* out)
    public readonly delegate* unmanaged<
        IntPtr /*(const OrtTensorTypeAndShapeInfo*)*/, OnnxElementType* /*(ONNXTensorElementDataType*)*/, IntPtr>
        GetTensorElementType;

    // OrtStatus* GetDimensionsCount(const OrtTensorTypeAndShapeInfo* info, size_t* out)
    public readonly delegate* unmanaged<IntPtr /*(const OrtTensorTypeAndShapeInfo*)*/, nuint* /*(size_t*)*/, IntPtr>
        GetDimensionsCount;

    // OrtStatus* GetDimensions(const OrtTensorTypeAndShapeInfo* info, int64_t* dim_values, size_t dim_values_length)
    public readonly delegate* unmanaged<
        IntPtr /*(const OrtTensorTypeAndShapeInfo*)*/, long* /*(int64_t*)*/, nuint, IntPtr> GetDimensions;

    // OrtStatus* GetTensorTypeAndShape(const OrtValue* value, OrtTensorTypeAndShapeInfo** out)
    public readonly delegate* unmanaged<
        IntPtr /*(const OrtValue*)*/, IntPtr* /*(OrtTensorTypeAndShapeInfo**)*/, IntPtr> GetTensorTypeAndShape;

    #endregion

    #region OrtMemoryInfo and OrtAllocator

    // OrtStatus* CreateCpuMemoryInfo(enum OrtAllocatorType type, enum OrtMemType mem_type, OrtMemoryInfo** out)
    public readonly delegate* unmanaged<OrtAllocatorType, OrtMemType, IntPtr* /*(OrtMemoryInfo**)*/, IntPtr>
        CreateCpuMemoryInfo;

    // OrtStatus* AllocatorFree(OrtAllocator* ort_allocator, void* p)
    public readonly delegate* unmanaged<IntPtr /*(OrtAllocator*)*/, void* /*(void*)*/, IntPtr> AllocatorFree;

    // OrtStatus* GetAllocatorWithDefaultOptions(OrtAllocator** out)
    public readonly delegate* unmanaged<IntPtr* /*(OrtAllocator**)*/, IntPtr> GetAllocatorWithDefaultOptions;

    #endregion

    #region Release functions: void ReleaseX(OrtX* input)

    public readonly delegate* unmanaged<IntPtr /*(OrtEnv*)*/, void> ReleaseEnv;
    public readonly delegate* unmanaged<IntPtr /*(OrtStatus*)*/, void> ReleaseStatus;
    public readonly delegate* unmanaged<IntPtr /*(OrtMemoryInfo*)*/, void> ReleaseMemoryInfo;
    public readonly delegate* unmanaged<IntPtr /*(OrtSession*)*/, void> ReleaseSession;
    public readonly delegate* unmanaged<IntPtr /*(OrtValue*)*/, void> ReleaseValue;
    public readonly delegate* unmanaged<IntPtr /*(OrtTypeInfo*)*/, void> ReleaseTypeInfo;
    public readonly delegate* unmanaged<IntPtr /*(OrtTensorTypeAndShapeInfo*)*/, void> ReleaseTensorTypeAndShapeInfo;
    public readonly delegate* unmanaged<IntPtr /*(OrtSessionOptions*)*/, void> ReleaseSessionOptions;

    #endregion

    #region CUDA execution provider

    // OrtStatus* SessionOptionsAppendExecutionProvider_CUDA_V2(OrtSessionOptions* options,
    //     const OrtCUDAProviderOptionsV2* cuda_options)
    public readonly delegate* unmanaged<
        IntPtr /*(OrtSessionOptions*)*/, IntPtr /*(const OrtCUDAProviderOptionsV2*)*/, IntPtr>
        SessionOptionsAppendExecutionProvider_CUDA_V2;

    // OrtStatus* CreateCUDAProviderOptions(OrtCUDAProviderOptionsV2** out)
    public readonly delegate* unmanaged<IntPtr* /*(OrtCUDAProviderOptionsV2**)*/, IntPtr> CreateCUDAProviderOptions;

    // void ReleaseCUDAProviderOptions(OrtCUDAProviderOptionsV2* input)
    public readonly delegate* unmanaged<IntPtr /*(OrtCUDAProviderOptionsV2*)*/, void> ReleaseCUDAProviderOptions;

    #endregion

    /// <summary>Binds the table <c>OrtApiBase::GetApi</c> returned.</summary>
    /// <param name="table">A <c>const OrtApi*</c>: an array of function pointers.</param>
    public OrtApi(void** table)
    {
        GetErrorCode = (delegate* unmanaged<IntPtr, OrtErrorCode>)table[1];
        GetErrorMessage = (delegate* unmanaged<IntPtr, byte*>)table[2];
        CreateEnvWithCustomLogger =
            (delegate* unmanaged<IntPtr, IntPtr, OrtLoggingLevel, byte*, IntPtr*, IntPtr>)table[4];
        CreateSession = (delegate* unmanaged<IntPtr, void*, IntPtr, IntPtr*, IntPtr>)table[7];
        Run = (delegate* unmanaged<IntPtr, IntPtr, byte**, IntPtr*, nuint, byte**, nuint, IntPtr*, IntPtr>)table[9];
        CreateSessionOptions = (delegate* unmanaged<IntPtr*, IntPtr>)table[10];
        SetIntraOpNumThreads = (delegate* unmanaged<IntPtr, int, IntPtr>)table[24];
        SessionGetInputCount = (delegate* unmanaged<IntPtr, nuint*, IntPtr>)table[30];
        SessionGetOutputCount = (delegate* unmanaged<IntPtr, nuint*, IntPtr>)table[31];
        SessionGetInputTypeInfo = (delegate* unmanaged<IntPtr, nuint, IntPtr*, IntPtr>)table[33];
        SessionGetOutputTypeInfo = (delegate* unmanaged<IntPtr, nuint, IntPtr*, IntPtr>)table[34];
        SessionGetInputName = (delegate* unmanaged<IntPtr, nuint, IntPtr, byte**, IntPtr>)table[36];
        SessionGetOutputName = (delegate* unmanaged<IntPtr, nuint, IntPtr, byte**, IntPtr>)table[37];
        CreateTensorWithDataAsOrtValue =
            (delegate* unmanaged<IntPtr, void*, nuint, long*, nuint, OnnxElementType, IntPtr*, IntPtr>)table[49];
        GetTensorMutableData = (delegate* unmanaged<IntPtr, void**, IntPtr>)table[51];
        CastTypeInfoToTensorInfo = (delegate* unmanaged<IntPtr, IntPtr*, IntPtr>)table[55];
        GetOnnxTypeFromTypeInfo = (delegate* unmanaged<IntPtr, OnnxValueType*, IntPtr>)table[56];
        GetTensorElementType = (delegate* unmanaged<IntPtr, OnnxElementType*, IntPtr>)table[60];
        GetDimensionsCount = (delegate* unmanaged<IntPtr, nuint*, IntPtr>)table[61];
        GetDimensions = (delegate* unmanaged<IntPtr, long*, nuint, IntPtr>)table[62];
        GetTensorTypeAndShape = (delegate* unmanaged<IntPtr, IntPtr*, IntPtr>)table[65];
        CreateCpuMemoryInfo = (delegate* unmanaged<OrtAllocatorType, OrtMemType, IntPtr*, IntPtr>)table[69];
        AllocatorFree = (delegate* unmanaged<IntPtr, void*, IntPtr>)table[76];
        GetAllocatorWithDefaultOptions = (delegate* unmanaged<IntPtr*, IntPtr>)table[78];
        ReleaseEnv = (delegate* unmanaged<IntPtr, void>)table[92];
        ReleaseStatus = (delegate* unmanaged<IntPtr, void>)table[93];
        ReleaseMemoryInfo = (delegate* unmanaged<IntPtr, void>)table[94];
        ReleaseSession = (delegate* unmanaged<IntPtr, void>)table[95];
        ReleaseValue = (delegate* unmanaged<IntPtr, void>)table[96];
        ReleaseTypeInfo = (delegate* unmanaged<IntPtr, void>)table[98];
        ReleaseTensorTypeAndShapeInfo = (delegate* unmanaged<IntPtr, void>)table[99];
        ReleaseSessionOptions = (delegate* unmanaged<IntPtr, void>)table[100];
        SessionOptionsAppendExecutionProvider_CUDA_V2 = (delegate* unmanaged<IntPtr, IntPtr, IntPtr>)table[204];
        CreateCUDAProviderOptions = (delegate* unmanaged<IntPtr*, IntPtr>)table[205];
        ReleaseCUDAProviderOptions = (delegate* unmanaged<IntPtr, void>)table[208];
    }
}
