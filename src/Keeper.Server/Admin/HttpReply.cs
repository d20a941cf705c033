using System.Text;

namespace Keeper.Server.Admin;

/// <summary>A complete HTTP response: the admin and metrics pages are small, so they are built whole.</summary>
internal sealed record HttpReply(int Status, string ContentType, byte[] Body)
{
    public static HttpReply Json(byte[] body) => new(200, "application/json", body);

    public static HttpReply Html(string body) => new(200, "text/html;charset=utf-8", Encoding.UTF8.GetBytes(body));

    public static HttpReply Error(int status, string text) => new(status, "text/plain;charset=utf-8", Encoding.UTF8.GetBytes(text + "\n"));

    public string Reason => Status switch
    {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        _ => "Error",
    };
}
