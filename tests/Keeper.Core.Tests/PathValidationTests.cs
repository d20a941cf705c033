using Keeper.Core.Tree;

namespace Keeper.Core.Tests;

public class PathValidationTests
{
    [Theory]
    [InlineData("/")]
    [InlineData("/a")]
    [InlineData("/a/b.c")]
    [InlineData("/a/..b")]
    [InlineData("/.a")]
    public void Valid_paths(string path) => Assert.True(PathValidation.IsValid(path));

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("/a/")]
    [InlineData("//a")]
    [InlineData("/a/./b")]
    [InlineData("/a/../b")]
    [InlineData("/a/..")]
    [InlineData("/.")]
    [InlineData("/a\u0000b")]
    [InlineData("/a\u0001")]
    [InlineData("/a\u007f")]
    [InlineData("/a\ud800")]
    [InlineData("/a\ufff0")]
    public void Invalid_paths(string path) => Assert.False(PathValidation.IsValid(path));
}
