using System.Runtime.Versioning;

// The process driver's tests run real Linux processes (setsid, /proc, signals); CI and developer machines are Linux.
[assembly: SupportedOSPlatform("linux")]
