using System.Text.RegularExpressions;

namespace Orchestrator.Core.Validation;

/// <summary>
/// The Kubernetes syntax rules for names, label keys and values, port names and environment variable names.
/// Each check returns the Kubernetes error messages, empty when the value is valid.
/// </summary>
public static partial class NameRules
{
    public const int Dns1123LabelMaxLength = 63;
    public const int Dns1123SubdomainMaxLength = 253;
    public const int QualifiedNameMaxLength = 63;
    public const int LabelValueMaxLength = 63;
    public const int IanaSvcNameMaxLength = 15;

    private const string Dns1123LabelPattern = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private const string Dns1123SubdomainPattern = Dns1123LabelPattern + "(\\." + Dns1123LabelPattern + ")*";
    private const string QualifiedNamePattern = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private const string LabelValuePattern = "(" + QualifiedNamePattern + ")?";
    private const string EnvVarNamePattern = "[-._a-zA-Z][-._a-zA-Z0-9]*";

    private const string Dns1123LabelMessage =
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '" + Dns1123LabelPattern + "')";

    private const string Dns1123SubdomainMessage =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '" + Dns1123SubdomainPattern + "')";

    private const string QualifiedNameCharsMessage =
        "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '" + QualifiedNamePattern + "')";

    private const string LabelValueMessage =
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '" + LabelValuePattern + "')";

    private const string EnvVarNameMessage =
        "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '" + EnvVarNamePattern + "')";

    /// <summary>Kubernetes' message for a value longer than <paramref name="max"/> characters.</summary>
    public static string MaxLengthMessage(int max) => $"must be no more than {max} characters";

    /// <summary>A DNS-1123 label (namespace names, container names): at most 63 characters.</summary>
    public static IReadOnlyList<string> Dns1123LabelErrors(string value)
    {
        List<string>? errors = null;
        if (value.Length > Dns1123LabelMaxLength)
        {
            (errors ??= []).Add(MaxLengthMessage(Dns1123LabelMaxLength));
        }

        if (!Dns1123LabelRegex().IsMatch(value))
        {
            (errors ??= []).Add(Dns1123LabelMessage);
        }

        return errors ?? (IReadOnlyList<string>)[];
    }

    /// <summary>A DNS-1123 subdomain (most object names): at most 253 characters.</summary>
    public static IReadOnlyList<string> Dns1123SubdomainErrors(string value)
    {
        List<string>? errors = null;
        if (value.Length > Dns1123SubdomainMaxLength)
        {
            (errors ??= []).Add(MaxLengthMessage(Dns1123SubdomainMaxLength));
        }

        if (!Dns1123SubdomainRegex().IsMatch(value))
        {
            (errors ??= []).Add(Dns1123SubdomainMessage);
        }

        return errors ?? (IReadOnlyList<string>)[];
    }

    /// <summary>A qualified name (label and annotation keys): an optional DNS subdomain prefix and '/', then a name of at most 63 characters.</summary>
    public static IReadOnlyList<string> QualifiedNameErrors(string value)
    {
        List<string>? errors = null;
        var parts = value.Split('/');
        string name;
        switch (parts.Length)
        {
            case 1:
                name = parts[0];
                break;
            case 2:
                var prefix = parts[0];
                name = parts[1];
                if (prefix.Length == 0)
                {
                    (errors ??= []).Add("prefix part must be non-empty");
                }
                else
                {
                    foreach (var message in Dns1123SubdomainErrors(prefix))
                    {
                        (errors ??= []).Add("prefix part " + message);
                    }
                }

                break;
            default:
                return ["a qualified name " + QualifiedNameCharsMessage + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"];
        }

        if (name.Length == 0)
        {
            (errors ??= []).Add("name part must be non-empty");
        }
        else if (name.Length > QualifiedNameMaxLength)
        {
            (errors ??= []).Add("name part " + MaxLengthMessage(QualifiedNameMaxLength));
        }

        if (name.Length > 0 && !QualifiedNameRegex().IsMatch(name))
        {
            (errors ??= []).Add("name part " + QualifiedNameCharsMessage);
        }

        return errors ?? (IReadOnlyList<string>)[];
    }

    /// <summary>A label value: empty, or at most 63 characters of the qualified-name charset.</summary>
    public static IReadOnlyList<string> LabelValueErrors(string value)
    {
        List<string>? errors = null;
        if (value.Length > LabelValueMaxLength)
        {
            (errors ??= []).Add(MaxLengthMessage(LabelValueMaxLength));
        }

        if (!LabelValueRegex().IsMatch(value))
        {
            (errors ??= []).Add(LabelValueMessage);
        }

        return errors ?? (IReadOnlyList<string>)[];
    }

    /// <summary>An IANA service name (named ports): at most 15 lowercase alphanumerics and '-', with at least one letter.</summary>
    public static IReadOnlyList<string> IanaSvcNameErrors(string value)
    {
        List<string>? errors = null;
        if (value.Length > IanaSvcNameMaxLength)
        {
            (errors ??= []).Add(MaxLengthMessage(IanaSvcNameMaxLength));
        }

        if (!IanaSvcNameCharsRegex().IsMatch(value))
        {
            (errors ??= []).Add("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
        }

        if (value.Contains("--", StringComparison.Ordinal))
        {
            (errors ??= []).Add("must not contain consecutive hyphens");
        }

        if (!value.AsSpan().ContainsAnyInRange('a', 'z'))
        {
            (errors ??= []).Add("must contain at least one letter (a-z)");
        }

        if (value.StartsWith('-') || value.EndsWith('-'))
        {
            (errors ??= []).Add("must not begin or end with a hyphen");
        }

        return errors ?? (IReadOnlyList<string>)[];
    }

    /// <summary>An environment variable name.</summary>
    public static IReadOnlyList<string> EnvVarNameErrors(string value)
    {
        List<string>? errors = null;
        if (!EnvVarNameRegex().IsMatch(value))
        {
            (errors ??= []).Add(EnvVarNameMessage);
        }

        if (value == ".")
        {
            (errors ??= []).Add("must not be '.'");
        }
        else if (value == "..")
        {
            (errors ??= []).Add("must not be '..'");
        }
        else if (value.StartsWith("..", StringComparison.Ordinal))
        {
            (errors ??= []).Add("must not start with '..'");
        }

        return errors ?? (IReadOnlyList<string>)[];
    }

    [GeneratedRegex("\\A" + Dns1123LabelPattern + "\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Dns1123LabelRegex();

    [GeneratedRegex("\\A" + Dns1123SubdomainPattern + "\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Dns1123SubdomainRegex();

    [GeneratedRegex("\\A" + QualifiedNamePattern + "\\z", RegexOptions.CultureInvariant)]
    private static partial Regex QualifiedNameRegex();

    [GeneratedRegex("\\A" + LabelValuePattern + "\\z", RegexOptions.CultureInvariant)]
    private static partial Regex LabelValueRegex();

    [GeneratedRegex("\\A[-a-z0-9]+\\z", RegexOptions.CultureInvariant)]
    private static partial Regex IanaSvcNameCharsRegex();

    [GeneratedRegex("\\A" + EnvVarNamePattern + "\\z", RegexOptions.CultureInvariant)]
    private static partial Regex EnvVarNameRegex();
}
