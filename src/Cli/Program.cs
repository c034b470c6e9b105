using DeepScan.Cli;

return await DeepScanCommand.RunAsync(args);
