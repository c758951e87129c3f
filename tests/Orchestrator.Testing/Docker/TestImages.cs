using System.Formats.Tar;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Orchestrator.Testing.Docker;

/// <summary>
/// Test images made here, since no registry is reachable: a root file system of Debian's static busybox with its
/// applets as symlinks, imported with the engine's <c>POST /images/create?fromSrc=-</c> (what <c>docker import</c> does).
/// </summary>
public static class TestImages
{
    public const string Busybox = "orch-test/busybox:1";

    private static readonly string[] Applets =
        ["sh", "sleep", "cat", "echo", "env", "head", "tail", "wget", "nc", "httpd", "touch", "ls", "true", "false", "kill", "trap", "dd", "ps", "mkdir", "rm", "grep"];

    /// <summary>Imports <paramref name="reference"/> (default <see cref="Busybox"/>) into the engine.</summary>
    public static async Task ImportBusyboxAsync(DockerEngineFixture engine, string reference = Busybox)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var busybox = new[] { "/bin/busybox", "/usr/bin/busybox" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("busybox is not installed (apt-get install busybox-static): the Docker tests build their image from it.");
        var (repository, tag) = Split(reference);

        using var rootfs = new MemoryStream();
        await using (var tar = new TarWriter(rootfs, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var directory in (string[])["bin/", "tmp/", "proc/", "sys/", "dev/", "etc/", "root/"])
            {
                await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.Directory, directory) { Mode = (UnixFileMode)0b111_101_101 | (directory == "tmp/" ? (UnixFileMode)0b111_111_111 : 0) });
            }

            await using (var binary = File.OpenRead(busybox))
            {
                await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, "bin/busybox") { Mode = (UnixFileMode)0b111_101_101, DataStream = binary });
            }

            foreach (var applet in Applets)
            {
                await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.SymbolicLink, "bin/" + applet) { LinkName = "busybox" });
            }
        }

        rootfs.Position = 0;
        using var client = engine.CreateHttpClient();
        using var content = new StreamContent(rootfs);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
        var uri = $"images/create?fromSrc=-&repo={Uri.EscapeDataString(repository)}&tag={Uri.EscapeDataString(tag)}";
        using var response = await client.PostAsync(new Uri(uri, UriKind.Relative), content);
        await EnsureStreamSucceededAsync(response, "import " + reference);
    }

    /// <summary>Tags <paramref name="source"/> as <paramref name="target"/> and pushes it (plain HTTP works for 127.0.0.0/8).</summary>
    public static async Task PushAsync(DockerEngineFixture engine, string source, string target, string? username = null, string? password = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var (repository, tag) = Split(target);
        using var client = engine.CreateHttpClient();
        using (var tagged = await client.PostAsync(new Uri($"images/{source}/tag?repo={Uri.EscapeDataString(repository)}&tag={Uri.EscapeDataString(tag)}", UriKind.Relative), content: null))
        {
            if (!tagged.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"tag {source} as {target} failed: {(int)tagged.StatusCode} {await tagged.Content.ReadAsStringAsync()}");
            }
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"images/{repository}/push?tag={Uri.EscapeDataString(tag)}", UriKind.Relative));
        var auth = username is null ? "{}" : JsonSerializer.Serialize(new Dictionary<string, string> { ["username"] = username, ["password"] = password ?? "", ["serveraddress"] = repository.Split('/')[0] });
        request.Headers.Add("X-Registry-Auth", Convert.ToBase64String(Encoding.UTF8.GetBytes(auth)).Replace('+', '-').Replace('/', '_'));
        using var pushed = await client.SendAsync(request);
        await EnsureStreamSucceededAsync(pushed, "push " + target);
    }

    /// <summary>Removes an image from the engine (so a test can see it pulled again).</summary>
    public static async Task RemoveAsync(DockerEngineFixture engine, string reference)
    {
        ArgumentNullException.ThrowIfNull(engine);
        using var client = engine.CreateHttpClient();
        using var response = await client.DeleteAsync(new Uri($"images/{reference}?force=true", UriKind.Relative));
    }

    private static (string Repository, string Tag) Split(string reference)
    {
        var colon = reference.LastIndexOf(':');
        return colon > reference.LastIndexOf('/') ? (reference[..colon], reference[(colon + 1)..]) : (reference, "latest");
    }

    /// <summary>The engine answers 200 and reports failures inside its JSON progress stream.</summary>
    private static async Task EnsureStreamSucceededAsync(HttpResponseMessage response, string what)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode || body.Contains("\"error\"", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{what} failed: {(int)response.StatusCode} {body}");
        }
    }
}
