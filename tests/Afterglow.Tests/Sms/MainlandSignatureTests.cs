using System.Security.Cryptography;
using System.Text;
using Afterglow.App.Sms.Aliyun;
using Afterglow.App.Sms.Tencent;

namespace Afterglow.Tests.Sms;

/// <summary>The providers' own worked examples, reproduced by the signing code the clients use.</summary>
public class MainlandSignatureTests
{
    /// <summary>
    /// Alibaba Cloud V3 signature example (https://help.aliyun.com/document_detail/2593177.html, "签名示例"): RunInstances on
    /// ecs.cn-shanghai with YourAccessKeyId / YourAccessKeySecret, an empty body, 2023-10-26T10:22:32Z and its nonce.
    /// </summary>
    [Fact]
    public void Aliyun_ACS3_matches_the_documented_example()
    {
        var query = Acs3Signature.CanonicalQuery([new("RegionId", "cn-shanghai"), new("ImageId", "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd")]);
        Assert.Equal("ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai", query);
        var emptyHash = Acs3Signature.Hex(SHA256.HashData([]));
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", emptyHash);
        var (canonical, signed) = Acs3Signature.CanonicalRequest("POST", query,
        [
            new("x-acs-action", "RunInstances"), new("host", "ecs.cn-shanghai.aliyuncs.com"), new("x-acs-version", "2014-05-26"),
            new("x-acs-date", "2023-10-26T10:22:32Z"), new("x-acs-signature-nonce", "3156853299f313e23d1673dc12e1703d"), new("x-acs-content-sha256", emptyHash),
        ], emptyHash);
        Assert.Equal("host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version", signed);
        Assert.Equal("7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259", Acs3Signature.Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical))));
        var signature = Acs3Signature.Signature("YourAccessKeySecret", canonical);
        Assert.Equal("06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0", signature);
        Assert.Equal($"ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders={signed},Signature={signature}", Acs3Signature.Authorization("YourAccessKeyId", signed, signature));
    }

    [Theory]
    [InlineData("a b*c~", "a%20b%2Ac~")]
    [InlineData("【签名】", "%E3%80%90%E7%AD%BE%E5%90%8D%E3%80%91")]
    [InlineData("{\"code\":\"1+1\"}", "%7B%22code%22%3A%221%2B1%22%7D")]
    public void Aliyun_percent_encoding_keeps_only_unreserved_characters(string raw, string encoded) =>
        Assert.Equal(encoded, Acs3Signature.PercentEncode(raw));

    /// <summary>
    /// Tencent Cloud TC3 example (https://cloud.tencent.com/document/product/215/36792, "签名方法 v3" worked example):
    /// DescribeInstances on cvm with the documented SecretId/SecretKey at 1551113065 (2019-02-25).
    /// </summary>
    [Fact]
    public void Tencent_TC3_matches_the_documented_example()
    {
        const string payload = "{\"Limit\": 1, \"Filters\": [{\"Values\": [\"\\u672a\\u547d\\u540d\"], \"Name\": \"instance-name\"}]}";
        var canonical = Tc3Signature.CanonicalRequest("POST", "application/json; charset=utf-8", "cvm.tencentcloudapi.com", payload);
        Assert.EndsWith("35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064", canonical);
        Assert.Equal("5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical))));
        var toSign = Tc3Signature.StringToSign(1551113065, "cvm", canonical);
        Assert.StartsWith("TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n", toSign);
        var signature = Tc3Signature.Signature("Gu5t9xGARNpq86cd98joQYCN3EXAMPLE", 1551113065, "cvm", toSign);
        Assert.Equal("72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168", signature);
        Assert.Equal("TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=" + signature,
            Tc3Signature.Authorization("AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE", 1551113065, "cvm", "content-type;host", signature));
    }

    /// <summary>The newer version of the same page also signs x-tc-action and masks the key (32 asterisks, as third-party tests use).</summary>
    [Fact]
    public void Tencent_TC3_matches_the_newer_example_that_signs_the_action()
    {
        const string payload = "{\"Limit\": 1, \"Filters\": [{\"Values\": [\"\\u672a\\u547d\\u540d\"], \"Name\": \"instance-name\"}]}";
        var canonical = Tc3Signature.CanonicalRequest("POST", "application/json; charset=utf-8", "cvm.tencentcloudapi.com", payload, "content-type;host;x-tc-action", "DescribeInstances");
        var signature = Tc3Signature.Signature(new string('*', 32), 1551113065, "cvm", Tc3Signature.StringToSign(1551113065, "cvm", canonical));
        Assert.Equal("10b1a37a7301a02ca19a647ad722d5e43b4b3cff309d421d85b46093f6ab6c4f", signature);
    }
}
