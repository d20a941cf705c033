using Keeper.Server.FourLetterWords;

namespace Keeper.Server.Tests.FourLetterWords;

public class FourLetterWordCodesTests
{
    [Theory]
    [InlineData("conf", 0x636f6e66)]
    [InlineData("ruok", 0x72756f6b)]
    [InlineData("wchs", 0x77636873)]
    [InlineData("hash", 0x68617368)]
    public void A_word_is_its_four_ascii_bytes_read_big_endian(string word, int code)
    {
        Assert.Equal(code, FourLetterWordCodes.CodeOf(word));
    }

    [Fact]
    public void Every_known_word_maps_back_from_its_code()
    {
        Assert.All(FourLetterWordCodes.All, word => Assert.Equal(word, FourLetterWordCodes.NameOf(FourLetterWordCodes.CodeOf(word))));
    }

    [Fact]
    public void Telnet_close_is_known()
    {
        Assert.True(FourLetterWordHandler.IsKnown(unchecked((int)0xfff4fffd)));
    }

    [Fact]
    public void A_mistyped_word_is_not_known()
    {
        Assert.False(FourLetterWordHandler.IsKnown(FourLetterWordCodes.CodeOf("abcd"u8)));
    }

    [Fact]
    public void A_frame_length_is_not_known()
    {
        Assert.False(FourLetterWordHandler.IsKnown(45));
    }

    [Fact]
    public void TryGetWord_finds_a_known_word()
    {
        Assert.True(FourLetterWordCodes.TryGetWord(0x6d6e7472, out var word));
        Assert.Equal("mntr", word);
    }
}
