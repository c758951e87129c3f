using System.Text;
using Orchestrator.Core.Validation;

namespace Orchestrator.Agent.Configuration;

/// <summary>Turns a machine's host name into a valid node name.</summary>
internal static class NodeNames
{
    private const string Fallback = "node";

    /// <summary>Lowercases, replaces characters a DNS-1123 subdomain cannot hold with '-', and trims each label.</summary>
    public static string FromHostName(string hostName)
    {
        var labels = new List<string>();
        foreach (var raw in hostName.ToLowerInvariant().Split('.'))
        {
            var label = new StringBuilder(raw.Length);
            foreach (var c in raw)
            {
                label.Append(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) ? c : '-');
            }

            var text = label.ToString().Trim('-');
            if (text.Length > NameRules.Dns1123LabelMaxLength)
            {
                text = text[..NameRules.Dns1123LabelMaxLength].TrimEnd('-');
            }

            if (text.Length > 0)
            {
                labels.Add(text);
            }
        }

        var name = string.Join('.', labels);
        if (name.Length > NameRules.Dns1123SubdomainMaxLength)
        {
            name = name[..NameRules.Dns1123SubdomainMaxLength].TrimEnd('-', '.');
        }

        return name.Length == 0 ? Fallback : name;
    }
}
