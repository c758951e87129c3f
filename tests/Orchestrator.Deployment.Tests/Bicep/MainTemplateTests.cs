using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Orchestrator.Deployment.Tests.Bicep;

/// <summary>
/// What the compiled main template deploys: identity-based connections only (no key or connection string in the
/// Function App's settings), locked-down storage, the log lifecycle rule of ADR 0008, and the app's exact roles.
/// </summary>
public sealed partial class MainTemplateTests(CompiledMainTemplate main) : IClassFixture<CompiledMainTemplate>
{
    // What a secret in a setting looks like: keys, SAS signatures, and whole connection strings.
    private static readonly string[] s_secretMarkers =
    [
        "AccountKey=", "SharedAccessKey=", "SharedAccessKeyName=", "SharedAccessSignature=", "InstrumentationKey=",
        "DefaultEndpointsProtocol=", "UseDevelopmentStorage=", "Endpoint=sb://", "sig=", "Password=",
    ];

    [Fact]
    public void AppSettings_HoldNoKeyOrConnectionString()
    {
        var settings = AppSettings();
        Assert.NotEmpty(settings);

        var offending = settings
            .Where(s => s_secretMarkers.Any(m => s.Name.Contains(m, StringComparison.OrdinalIgnoreCase)
                || s.Value.Contains(m, StringComparison.OrdinalIgnoreCase))
                // A setting named as a whole connection string (not an identity-based part such as X__accountName)
                // may only point into Key Vault.
                || (NamesWholeConnectionString(s.Name) && !IsKeyVaultReference(s.Value)))
            .Select(s => $"{s.Name} = {s.Value}");

        Assert.Empty(offending);
    }

    [Fact]
    public void Template_ReadsNoKeyOfAnyResource()
    {
        // listKeys and friends would copy a key into the deployment, wherever it ends up.
        var text = main.Template.ToJsonString();

        Assert.DoesNotContain("listKeys(", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("listConnectionStrings(", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("listSecrets(", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void AppSettings_ConnectStorageServiceBusAndTelemetryThroughTheIdentity()
    {
        var names = AppSettings().Select(s => s.Name).ToHashSet(StringComparer.Ordinal);

        Assert.Contains("AzureWebJobsStorage__accountName", names);
        Assert.Contains("ORCH_STORAGE_CONNECTION__tableServiceUri", names);
        Assert.Contains("ORCH_STORAGE_CONNECTION__blobServiceUri", names);
        Assert.Contains("ORCH_SERVICEBUS_CONNECTION__fullyQualifiedNamespace", names);
        Assert.Contains("ORCH_SECRETS_KEY", names);
        Assert.Equal("Authorization=AAD", AppSettings().Single(s => s.Name == "APPLICATIONINSIGHTS_AUTHENTICATION_STRING").Value);
        Assert.True(IsKeyVaultReference(AppSettings().Single(s => s.Name == "ORCH_SECRETS_KEY").Value));
    }

    [Fact]
    public void FunctionApp_RunsDotnetIsolated10OnFlexConsumptionWithIdentityDeployment()
    {
        var plan = Assert.Single(main.OfType("Microsoft.Web/serverfarms"));
        Assert.Equal("FC1", (string?)plan["sku"]!["name"]);
        var site = Assert.Single(main.OfType("Microsoft.Web/sites"));
        Assert.Equal("SystemAssigned", (string?)site["identity"]!["type"]);
        var config = site["properties"]!["functionAppConfig"]!;
        Assert.Equal("dotnet-isolated", (string?)config["runtime"]!["name"]);
        Assert.Equal("SystemAssignedIdentity", (string?)config["deployment"]!["storage"]!["authentication"]!["type"]);
        Assert.True((bool?)site["properties"]!["httpsOnly"]);
        Assert.Equal("10.0", DefaultOf("dotnetVersion"));
    }

    [Fact]
    public void StorageAccount_RefusesSharedKeysPublicBlobsAndOldTls()
    {
        var account = Assert.Single(main.OfType("Microsoft.Storage/storageAccounts"), r => r["properties"] is not null);
        var properties = account["properties"]!;

        Assert.Equal("StorageV2", (string?)account["kind"]);
        Assert.False((bool?)properties["allowSharedKeyAccess"]);
        Assert.False((bool?)properties["allowBlobPublicAccess"]);
        Assert.True((bool?)properties["supportsHttpsTrafficOnly"]);
        Assert.Equal("TLS1_2", (string?)properties["minimumTlsVersion"]);
    }

    [Fact]
    public void LogsContainer_LateUploadsAreDeletedAfterOneDay()
    {
        var policy = Assert.Single(main.OfType("Microsoft.Storage/storageAccounts/managementPolicies"));
        var rule = Assert.Single(policy["properties"]!["policy"]!["rules"]!.AsArray())!;

        var prefixes = rule["definition"]!["filters"]!["prefixMatch"]!.AsArray().Select(p => (string?)p).ToList();
        Assert.Equal(["logs/"], prefixes);
        Assert.Equal(1, (int?)rule["definition"]!["actions"]!["baseBlob"]!["delete"]!["daysAfterModificationGreaterThan"]);
        Assert.Contains(main.OfType("Microsoft.Storage/storageAccounts/blobServices/containers"),
            c => ((string?)c["name"])?.Contains("'logs'", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void ServiceBusAndKeyVault_UseEntraIdOnlyAndKeepDeletedSecrets()
    {
        var vault = Assert.Single(main.OfType("Microsoft.KeyVault/vaults"), r => r["properties"] is not null)["properties"]!;
        Assert.True((bool?)vault["enableRbacAuthorization"]);
        Assert.True((bool?)vault["enableSoftDelete"]);
        Assert.True((bool?)vault["enablePurgeProtection"]);

        var serviceBus = Assert.Single(main.OfType("Microsoft.ServiceBus/namespaces"), r => r["properties"] is not null);
        Assert.Equal("Standard", DefaultOf("serviceBusSku"));
        Assert.Equal("1.2", (string?)serviceBus["properties"]!["minimumTlsVersion"]);
        // SAS stays on: agents receive with per-queue Listen-only SAS (ADR 0006); no namespace key is in app settings.
        Assert.Equal("False", DefaultOf("serviceBusDisableLocalAuth"));
    }

    [Fact]
    public void RoleAssignments_GiveTheAppExactlyItsDataPlaneRoles_EachOnItsResource()
    {
        // The roles module names the built-in role ids in a variable; each assignment picks one by key.
        var roleIds = CompiledMainTemplate.Descendants(main.Template).OfType<JsonObject>()
            .Where(o => o["variables"]?["roles"] is JsonObject)
            .SelectMany(o => o["variables"]!["roles"]!.AsObject())
            .ToDictionary(p => p.Key, p => (string)p.Value!, StringComparer.Ordinal);
        var assignments = main.OfType("Microsoft.Authorization/roleAssignments").ToList();

        var granted = assignments
            .Select(r => (
                Role: roleIds[RoleKey().Match((string)r["properties"]!["roleDefinitionId"]!).Groups[1].Value],
                Scope: ScopeType().Match((string)r["scope"]!).Value))
            .Order()
            .ToList();

        (string, string)[] expected =
        [
            ("090c5cfd-751d-490a-894a-3ce6f1109419", "Microsoft.ServiceBus/namespaces"), // Azure Service Bus Data Owner
            ("0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", "Microsoft.Storage/storageAccounts"), // Storage Table Data Contributor
            ("3913510d-42f4-4e42-8a64-420c390055eb", "Microsoft.Insights/components"), // Monitoring Metrics Publisher
            ("4633458b-17de-408a-b874-0445c86b69e6", "Microsoft.KeyVault/vaults"), // Key Vault Secrets User
            ("974c5e8b-45b9-4653-ba55-5f855dd0fb88", "Microsoft.Storage/storageAccounts"), // Storage Queue Data Contributor
            ("b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "Microsoft.Storage/storageAccounts"), // Storage Blob Data Owner
        ];
        Assert.Equal(expected, granted);
        // Deterministic names: a redeploy finds the same assignments instead of adding copies.
        Assert.All(assignments, r => Assert.StartsWith("[guid(", (string?)r["name"], StringComparison.Ordinal));
        Assert.All(assignments, r => Assert.Equal("ServicePrincipal", (string?)r["properties"]!["principalType"]));
    }

    [Fact]
    public void Outputs_NameTheApiAndPortalUrls()
    {
        var outputs = main.Template["outputs"]!.AsObject();

        Assert.True(outputs.ContainsKey("apiUrl"));
        Assert.True(outputs.ContainsKey("portalUrl"));
    }

    private List<(string Name, string Value)> AppSettings() =>
        main.Resources
            .SelectMany(r => CompiledMainTemplate.Descendants(r).OfType<JsonObject>())
            .Where(o => o["appSettings"] is JsonArray)
            .SelectMany(o => o["appSettings"]!.AsArray())
            .Select(s => ((string?)s!["name"] ?? "", s["value"] is JsonValue v && v.TryGetValue<string>(out var text) ? text : s["value"]?.ToJsonString() ?? ""))
            .Distinct()
            .ToList();

    private string? DefaultOf(string parameter) => main.Template["parameters"]![parameter]!["defaultValue"]?.ToString() switch
    {
        "true" => "True",
        "false" => "False",
        var value => value,
    };

    private static bool NamesWholeConnectionString(string name) =>
        !name.Contains("__", StringComparison.Ordinal)
        && (name.EndsWith("CONNECTION", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith("CONNECTION_STRING", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith("ConnectionString", StringComparison.OrdinalIgnoreCase)
            || name.Equals("AzureWebJobsStorage", StringComparison.OrdinalIgnoreCase));

    private static bool IsKeyVaultReference(string value) => value.Contains("@Microsoft.KeyVault(", StringComparison.Ordinal);

    [GeneratedRegex(@"variables\('roles'\)\.(\w+)")]
    private static partial Regex RoleKey();

    [GeneratedRegex(@"Microsoft\.\w+/\w+")]
    private static partial Regex ScopeType();
}
