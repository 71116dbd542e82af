namespace CreditProof.Web.Tests.Home;

public sealed class StartupTests
{
    [Fact]
    public void A_database_that_is_not_migrated_outside_demo_mode_stops_the_host_with_instructions()
    {
        using var factory = new NonDemoFactory();
        var error = Assert.Throws<InvalidOperationException>(() => factory.CreateClient());
        Assert.Contains("creditproof db migrate", error.Message, StringComparison.Ordinal);
    }

    private sealed class NonDemoFactory : CreditProofWebFactory
    {
        protected override IDictionary<string, string?> Settings
        {
            get
            {
                var settings = base.Settings;
                settings["CreditProof:Demo"] = "false";
                return settings;
            }
        }
    }
}
