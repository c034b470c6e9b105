using System.Reflection;
using System.Text.Json;
using DeepScan.Functions.Orchestration;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DeepScan.Functions.Tests.Durable;

/// <summary>
/// Registers every orchestrator and activity function of the Functions app with a Durable Task registry, under the
/// names of their <see cref="FunctionAttribute"/>s, found the way the Worker SDK's generator finds them.
/// </summary>
/// <remarks>
/// The test host runs no Functions middleware, so this does the two things the Durable extension's middleware does
/// for a function: an orchestrator's input is read as <c>object</c> and converted to its parameter's type with the
/// worker's <see cref="JsonSerializerOptions"/> (as the extension's <c>FunctionsOrchestrationContext</c> does), and an
/// activity's input is read as its trigger parameter's type with the worker's serializer.
/// </remarks>
internal static class FunctionTasks
{
    public static Assembly FunctionsAssembly => typeof(ScanOrchestrators).Assembly;

    public static IEnumerable<(string Name, MethodInfo Method)> Functions(Type trigger) =>
        from type in FunctionsAssembly.GetTypes()
        from method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance)
        let function = method.GetCustomAttribute<FunctionAttribute>()
        where function is not null
            && method.GetParameters().Any(p => p.GetCustomAttribute(trigger) is not null)
        select (function.Name, method);

    /// <param name="services">The app's services, once its host is built: the function classes' dependencies.</param>
    public static void AddFunctionTasks(this DurableTaskRegistry registry, Func<IServiceProvider> services)
    {
        foreach (var (name, method) in Functions(typeof(OrchestrationTriggerAttribute)))
        {
            registry.AddOrchestrator(name, () => new FunctionOrchestrator(services(), method));
        }

        foreach (var (name, method) in Functions(typeof(ActivityTriggerAttribute)))
        {
            registry.AddActivity(name, _ => new FunctionActivity(services(), method));
        }
    }

    private static Type ResultType(MethodInfo method) =>
        method.ReturnType.IsGenericType ? method.ReturnType.GetGenericArguments()[0] : typeof(object);

    private static async Task<object?> InvokeAsync(IServiceProvider services, MethodInfo method, object?[] arguments)
    {
        var target = ActivatorUtilities.CreateInstance(services, method.DeclaringType!);
        var task = (Task)method.Invoke(target, arguments)!;
        await task;
        return method.ReturnType.IsGenericType
            ? task.GetType().GetProperty(nameof(Task<object>.Result))!.GetValue(task)
            : null;
    }

    private sealed class FunctionOrchestrator(IServiceProvider services, MethodInfo method) : ITaskOrchestrator
    {
        public Type InputType => typeof(object);

        public Type OutputType => ResultType(method);

        public Task<object?> RunAsync(TaskOrchestrationContext context, object? input)
        {
            var json = services.GetRequiredService<IOptions<JsonSerializerOptions>>().Value;
            var arguments = method.GetParameters()
                .Select(p => p.ParameterType == typeof(TaskOrchestrationContext)
                    ? context
                    : input is JsonElement element ? element.Deserialize(p.ParameterType, json) : input)
                .ToArray();
            return InvokeAsync(services, method, arguments);
        }
    }

    private sealed class FunctionActivity(IServiceProvider services, MethodInfo method) : ITaskActivity
    {
        public Type InputType => method.GetParameters()
            .Single(p => p.GetCustomAttribute<ActivityTriggerAttribute>() is not null).ParameterType;

        public Type OutputType => ResultType(method);

        public Task<object?> RunAsync(TaskActivityContext context, object? input) =>
            InvokeAsync(services, method, method.GetParameters()
                .Select(p => p.ParameterType == typeof(CancellationToken) ? CancellationToken.None : input)
                .ToArray());
    }
}
