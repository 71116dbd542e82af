using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CreditProof.Storage;

/// <summary>
/// The shape of every interceptor that adds to or adjusts what a <c>SaveChanges</c> writes (report changes, the
/// transparency queue, audit entries, masked text): one synchronous step on the context, the same for both overloads.
/// </summary>
public abstract class BeforeSaveInterceptor : SaveChangesInterceptor
{
    protected abstract void BeforeSave(DbContext context);

    public sealed override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is { } context)
            BeforeSave(context);
        return result;
    }

    public sealed override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context)
            BeforeSave(context);
        return ValueTask.FromResult(result);
    }
}
