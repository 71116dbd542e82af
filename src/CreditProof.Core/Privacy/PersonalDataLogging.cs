using CreditProof.Identifiers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CreditProof.Privacy;

/// <summary>
/// No log line carries a full ID number, whoever writes it (our code, ASP.NET Core, EF Core, a library): every logger
/// provider registered so far is wrapped so that the formatted message, and the exception's text, pass through
/// <see cref="ResidentId.MaskAll"/> before the provider sees them. The exception goes out as masked text appended to
/// the message, never as the object (its message and inner messages may quote what a client sent). Hosts call this
/// once, after adding their providers.
/// </summary>
public static class PersonalDataLogging
{
    public static ILoggingBuilder MaskPersonalData(this ILoggingBuilder logging)
    {
        var services = logging.Services;
        for (var i = 0; i < services.Count; i++)
        {
            var d = services[i];
            if (d.ServiceType != typeof(ILoggerProvider) || d.IsKeyedService || d.ImplementationType == typeof(MaskingProvider))
                continue;
            services[i] = ServiceDescriptor.Singleton<ILoggerProvider>(sp => new MaskingProvider(Inner(sp, d)));
        }

        return logging;
    }

    private static ILoggerProvider Inner(IServiceProvider sp, ServiceDescriptor d) => (ILoggerProvider)(
        d.ImplementationInstance
        ?? d.ImplementationFactory?.Invoke(sp)
        ?? ActivatorUtilities.CreateInstance(sp, d.ImplementationType!));

    private sealed class MaskingProvider(ILoggerProvider inner) : ILoggerProvider, ISupportExternalScope
    {
        public ILogger CreateLogger(string categoryName) => new MaskingLogger(inner.CreateLogger(categoryName));

        public void SetScopeProvider(IExternalScopeProvider scopeProvider)
        {
            if (inner is ISupportExternalScope scoped)
                scoped.SetScopeProvider(scopeProvider);
        }

        public void Dispose() => inner.Dispose();
    }

    private sealed class MaskingLogger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!inner.IsEnabled(logLevel))
                return;
            var message = ResidentId.MaskAll(formatter(state, exception));
            if (exception is not null)
                message += Environment.NewLine + ResidentId.MaskAll(exception.ToString());
            // The structured values too: a JSON formatter or a log shipper writes them beside the message.
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.Select(p => new KeyValuePair<string, object?>(p.Key, p.Value is string text ? ResidentId.MaskAll(text) : p.Value)).ToList()
                : [];
            inner.Log(logLevel, eventId, new MaskedState(message, values), null, static (s, _) => s.Message);
        }
    }

    private sealed class MaskedState(string message, List<KeyValuePair<string, object?>> values) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public string Message => message;

        public int Count => values.Count;

        public KeyValuePair<string, object?> this[int index] => values[index];

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => values.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => message;
    }
}
