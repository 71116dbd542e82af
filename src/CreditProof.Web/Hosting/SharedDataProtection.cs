using System.Text;
using System.Xml.Linq;
using CreditProof.Signing;
using CreditProof.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CreditProof.Web.Hosting;

/// <summary>
/// The data protection key ring (sign-in cookies, antiforgery tokens, TOTP enrolment) in the platform database, so that
/// every web node reads and writes the same keys: a user signed in through one node continues on another (issue 19).
/// Each key's XML is encrypted at rest under the key-encryption key by <see cref="DatabaseXmlRepository"/> itself;
/// before, the keys lay unencrypted in the process owner's home folder, one ring per machine.
/// </summary>
public static class SharedDataProtection
{
    public const string ApplicationName = "CreditProof";

    public static IServiceCollection AddSharedDataProtection(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName(ApplicationName);
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(o =>
        {
            o.XmlRepository = new DatabaseXmlRepository(sp.GetRequiredService<IServiceScopeFactory>(), sp.GetRequiredService<MasterKey>(), sp.GetRequiredService<TimeProvider>());
            // The repository encrypts the whole element; the key manager must not warn of, or add, a second layer.
            o.XmlEncryptor = new NullXmlEncryptor();
        }));
        return services;
    }
}

/// <summary>Stores the key ring's elements in <see cref="DataProtectionKeyRow"/>, each encrypted with AES-256-GCM under the key-encryption key.</summary>
public sealed class DatabaseXmlRepository(IServiceScopeFactory scopes, MasterKey masterKey, TimeProvider time) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
        return db.DataProtectionKeys.AsNoTracking().OrderBy(k => k.Id).AsEnumerable()
            .Select(k => XElement.Parse(Encoding.UTF8.GetString(masterKey.Decrypt(k.EncryptedXml, DataProtectionKeyRow.AssociatedData(k.Name)))))
            .ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        var name = string.IsNullOrEmpty(friendlyName) ? "key-" + Guid.NewGuid().ToString("D") : friendlyName;
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
        var xml = Encoding.UTF8.GetBytes(element.ToString(SaveOptions.DisableFormatting));
        db.DataProtectionKeys.Add(new DataProtectionKeyRow
        {
            Name = name,
            EncryptedXml = masterKey.Encrypt(xml, DataProtectionKeyRow.AssociatedData(name)),
            CreatedAt = time.GetUtcNow().UtcDateTime,
        });
        db.SaveChanges();
    }
}
