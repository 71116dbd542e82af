using CreditProof.Identifiers;
using CreditProof.Privacy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CreditProof.Tests.Privacy;

public sealed class PersonalDataLoggingTests
{
    private static readonly string Id = ResidentId.Compose("140105", new DateOnly(1985, 3, 12), 351);

    [Fact]
    public void Every_provider_sees_the_message_its_values_and_the_exception_with_ID_numbers_masked()
    {
        var sink = new Sink();
        using var services = new ServiceCollection()
            .AddLogging(logging => logging.AddProvider(sink).MaskPersonalData())
            .BuildServiceProvider();
        var logger = services.GetRequiredService<ILogger<PersonalDataLoggingTests>>();

        logger.LogWarning(new InvalidOperationException($"no subject {Id}", new FormatException($"bad row {Id}")),
            "Lookup of {Code} failed on {Path} ({Count} rows)", Id, $"/window?id={Id}", 3);

        var entry = Assert.Single(sink.Entries);
        Assert.DoesNotContain(Id, entry.Message, StringComparison.Ordinal);
        Assert.Contains(ResidentId.MaskAll(Id), entry.Message, StringComparison.Ordinal);
        Assert.Contains("InvalidOperationException: no subject " + ResidentId.MaskAll(Id), entry.Message, StringComparison.Ordinal);
        Assert.Contains("bad row " + ResidentId.MaskAll(Id), entry.Message, StringComparison.Ordinal);
        Assert.Null(entry.Exception);
        Assert.All(entry.Values, v => Assert.DoesNotContain(Id, v.Value?.ToString() ?? "", StringComparison.Ordinal));
        Assert.Equal(3, entry.Values.Single(v => v.Key == "Count").Value);
        Assert.Equal(ResidentId.MaskAll(Id), entry.Values.Single(v => v.Key == "Code").Value);
    }

    private sealed record Entry(string Message, Exception? Exception, IReadOnlyList<KeyValuePair<string, object?>> Values);

    private sealed class Sink : ILoggerProvider, ILogger
    {
        public List<Entry> Entries { get; } = [];

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add(new Entry(formatter(state, exception), exception, state as IReadOnlyList<KeyValuePair<string, object?>> ?? []));

        public void Dispose()
        {
        }
    }
}
