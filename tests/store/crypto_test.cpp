#include "src/store/crypto.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "tests/store/store_test_util.hpp"

namespace claimgate::store {
namespace {

Keyring Ring(uint32_t id, char fill) {
  Keyring k;
  EXPECT_TRUE(k.Add(id, std::string(kKeyBytes, fill)));
  return k;
}

TEST(Crypto, SealThenOpenReturnsThePlaintext) {
  Keyring k = Ring(7, 'a');
  auto sealed = k.Seal("member 12345", "claims.encounter:clm_1");
  ASSERT_TRUE(sealed);
  EXPECT_EQ(sealed->size(), kSealOverhead + 12);
  EXPECT_EQ(sealed->find("member"), std::string::npos);
  auto opened = k.Open(*sealed, "claims.encounter:clm_1");
  ASSERT_TRUE(opened);
  EXPECT_EQ(*opened, "member 12345");
}

TEST(Crypto, EverySealUsesAFreshNonce) {
  Keyring k = Ring(1, 'a');
  auto a = k.Seal("same", "aad");
  auto b = k.Seal("same", "aad");
  ASSERT_TRUE(a && b);
  EXPECT_NE(*a, *b);
}

TEST(Crypto, FlippingAnyByteOfTheSealedValueFailsDecryption) {
  Keyring k = Ring(1, 'a');
  auto sealed = k.Seal("synthetic value", "t.c:row");
  ASSERT_TRUE(sealed);
  for (size_t i = 0; i < sealed->size(); ++i) {
    std::string bad = *sealed;
    bad[i] = static_cast<char>(bad[i] ^ 0x01);
    auto r = k.Open(bad, "t.c:row");
    EXPECT_FALSE(r) << "byte " << i;
  }
}

TEST(Crypto, DifferentAssociatedDataFailsDecryption) {
  Keyring k = Ring(1, 'a');
  auto sealed = k.Seal("synthetic value", "claims.encounter:clm_1");
  ASSERT_TRUE(sealed);
  auto r = k.Open(*sealed, "claims.encounter:clm_2");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "decrypt_failed");
}

TEST(Crypto, TruncatedValueFailsDecryption) {
  Keyring k = Ring(1, 'a');
  auto sealed = k.Seal("x", "a");
  ASSERT_TRUE(sealed);
  for (size_t n = 0; n < sealed->size(); ++n) EXPECT_FALSE(k.Open(sealed->substr(0, n), "a"));
}

TEST(Crypto, RotationOpensOldValuesAndSealsNewOnesUnderTheNewKey) {
  Keyring old_ring = Ring(1, 'a');
  auto old_value = old_ring.Seal("old", "aad");
  ASSERT_TRUE(old_value);
  Keyring rotated = Ring(1, 'a');
  ASSERT_TRUE(rotated.Add(2, std::string(kKeyBytes, 'b')));
  EXPECT_EQ(rotated.active_key_id(), 2u);
  auto opened = rotated.Open(*old_value, "aad");
  ASSERT_TRUE(opened);
  EXPECT_EQ(*opened, "old");
  auto fresh = rotated.Seal("new", "aad");
  ASSERT_TRUE(fresh);
  auto unknown = old_ring.Open(*fresh, "aad");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, "unknown_key_id");
}

TEST(Crypto, KeyMaterialIsRawOrHexAndAnythingElseIsRefused) {
  EXPECT_TRUE(ParseKeyMaterial(std::string(32, 'z')));
  auto hex = ParseKeyMaterial(std::string(64, 'f') + "\n");
  ASSERT_TRUE(hex);
  EXPECT_EQ(*hex, std::string(32, '\xff'));
  for (std::string bad : {std::string(31, 'a'), std::string(63, 'a'), std::string(64, 'g'),
                          std::string(), std::string(65, 'a')}) {
    auto r = ParseKeyMaterial(bad);
    ASSERT_FALSE(r) << bad.size();
    EXPECT_NE(r.error().message.find("64 hexadecimal"), std::string::npos);
  }
}

TEST(Crypto, KeyIsReadFromAFileOrTheEnvironment) {
  testing::TempDir dir;
  std::string path = dir.File("key");
  std::ofstream(path) << std::string(64, '0') << "\n";
  Keyring k;
  ASSERT_TRUE(k.AddFromFile(1, path));
  ASSERT_FALSE(k.AddFromEnv(2, "CLAIMGATE_TEST_UNSET_VARIABLE"));
  setenv("CLAIMGATE_TEST_KEY_HEX", std::string(64, '1').c_str(), 1);
  EXPECT_TRUE(k.AddFromEnv(2, "CLAIMGATE_TEST_KEY_HEX"));
  std::ofstream(dir.File("short")) << "tooshort";
  auto bad = k.AddFromFile(3, dir.File("short"));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, "bad_encryption_key");
  EXPECT_EQ(bad.error().message.find("tooshort"), std::string::npos);
}

TEST(Crypto, Sha256MatchesTheStandardVector) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Crypto, Base64UrlRoundTripsEveryLength) {
  std::string bytes = RandomBytes(40);
  for (size_t n = 0; n <= bytes.size(); ++n) {
    std::string enc = Base64UrlEncode(bytes.substr(0, n));
    EXPECT_EQ(enc.find_first_of("+/="), std::string::npos);
    auto dec = Base64UrlDecode(enc);
    ASSERT_TRUE(dec);
    EXPECT_EQ(*dec, bytes.substr(0, n));
  }
  EXPECT_EQ(Base64UrlEncode("\xfb\xff"), "-_8");
  EXPECT_FALSE(Base64UrlDecode("ab+c"));
}

TEST(Crypto, GeneratedApiKeysHaveThePrefixAndOnlyTheirHashIsKept) {
  auto a = GenerateApiKey();
  auto b = GenerateApiKey();
  EXPECT_EQ(a.secret.rfind("cg_live_", 0), 0u);
  EXPECT_EQ(a.secret.size(), 8u + 43u);
  EXPECT_NE(a.secret, b.secret);
  EXPECT_EQ(a.hash_hex, Sha256Hex(a.secret));
  EXPECT_EQ(a.prefix, a.secret.substr(0, 12));
}

}  // namespace
}  // namespace claimgate::store
