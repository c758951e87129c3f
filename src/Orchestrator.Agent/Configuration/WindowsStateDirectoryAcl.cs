using System.Runtime.Versioning;
using System.Security.AccessControl;
using System.Security.Principal;

namespace Orchestrator.Agent.Configuration;

/// <summary>
/// The Windows counterpart of mode 700: the state directory (credential, desired pods with their env values) is
/// readable by SYSTEM and Administrators only, and its files inherit that.
/// </summary>
[SupportedOSPlatform("windows")]
internal static class WindowsStateDirectoryAcl
{
    public static void RestrictToSystemAndAdministrators(string directory)
    {
        var info = Directory.CreateDirectory(directory);
        var security = new DirectorySecurity();
        security.SetAccessRuleProtection(isProtected: true, preserveInheritance: false);
        foreach (var sid in new[] { WellKnownSidType.LocalSystemSid, WellKnownSidType.BuiltinAdministratorsSid })
        {
            security.AddAccessRule(new FileSystemAccessRule(
                new SecurityIdentifier(sid, domainSid: null),
                FileSystemRights.FullControl,
                InheritanceFlags.ContainerInherit | InheritanceFlags.ObjectInherit,
                PropagationFlags.None,
                AccessControlType.Allow));
        }

        info.SetAccessControl(security);
    }
}
