namespace DeepScan.Workflow.Storage;

/// <summary>Applies an update's change to a record, refusing one that would move the record to another id.</summary>
internal static class ScanRecordChange
{
    public static ScanRecord Apply(ScanRecord current, Func<ScanRecord, ScanRecord> change)
    {
        var updated = change(current);
        return updated.Id == current.Id
            ? updated
            : throw new InvalidOperationException(
                $"An update of scan {current.Id} returned a record for {QuotedInput.Of(updated.Id)}; "
                + "ids never change.");
    }
}
