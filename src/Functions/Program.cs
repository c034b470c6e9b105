using DeepScan.Functions;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

if (args is [DeviceSelfCheck.Command])
{
    return DeviceSelfCheck.Run(Console.Out, Console.Error);
}

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddDeepScanFunctions(builder.Configuration);
builder.Build().Run();
return 0;
