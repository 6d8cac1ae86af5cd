#include "src/store/crypto.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>

namespace claimgate::store {
namespace {

constexpr char kFormat = 'G';

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

struct CipherCtxDeleter {
  void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxDeleter>;

unsigned char* U(std::string& s) { return reinterpret_cast<unsigned char*>(s.data()); }
const unsigned char* U(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

Error KeyError(const std::string& where) {
  return Error{"bad_encryption_key",
               where + ": the encryption key must be 32 raw bytes or 64 hexadecimal characters"};
}

}  // namespace

Result<std::string> ParseKeyMaterial(std::string_view text) {
  if (text.size() == kKeyBytes) return std::string(text);
  auto is_space = [](char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  if (text.size() != 2 * kKeyBytes) return KeyError("key material");
  std::string key(kKeyBytes, '\0');
  for (size_t i = 0; i < kKeyBytes; ++i) {
    int hi = HexValue(text[2 * i]);
    int lo = HexValue(text[2 * i + 1]);
    if (hi < 0 || lo < 0) return KeyError("key material");
    key[i] = static_cast<char>(hi * 16 + lo);
  }
  return key;
}

Result<void> Keyring::Add(uint32_t key_id, std::string key, bool make_active) {
  if (key.size() != kKeyBytes) return KeyError("key " + std::to_string(key_id));
  if (keys_.count(key_id) != 0) {
    return Error{"duplicate_key_id", "key id " + std::to_string(key_id) + " is already loaded"};
  }
  keys_.emplace(key_id, std::move(key));
  if (make_active || keys_.size() == 1) active_ = key_id;
  return {};
}

std::vector<uint32_t> Keyring::key_ids() const {
  std::vector<uint32_t> ids;
  for (const auto& [id, key] : keys_) ids.push_back(id);
  return ids;
}

Result<void> Keyring::AddFromFile(uint32_t key_id, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{"key_file_unreadable", "cannot read the encryption key file " + path};
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto key = ParseKeyMaterial(content);
  if (!key) return KeyError("key file " + path);
  return Add(key_id, std::move(*key));
}

Result<void> Keyring::AddFromEnv(uint32_t key_id, const std::string& variable) {
  const char* value = std::getenv(variable.c_str());
  if (value == nullptr || *value == '\0') {
    return Error{"key_env_missing", "environment variable " + variable + " is not set"};
  }
  auto key = ParseKeyMaterial(value);
  if (!key) return KeyError("environment variable " + variable);
  return Add(key_id, std::move(*key));
}

Result<std::string> Keyring::Seal(std::string_view plaintext, std::string_view aad) const {
  auto it = keys_.find(active_);
  if (it == keys_.end()) return Error{"no_encryption_key", "no encryption key is loaded"};
  std::string out(kSealOverhead + plaintext.size(), '\0');
  out[0] = kFormat;
  for (int i = 0; i < 4; ++i) out[1 + i] = static_cast<char>((active_ >> (24 - 8 * i)) & 0xff);
  std::string nonce = RandomBytes(kNonceBytes);
  out.replace(5, kNonceBytes, nonce);
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  int len = 0;
  bool ok = ctx &&
            EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1 &&
            EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, kNonceBytes, nullptr) == 1 &&
            EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr, U(it->second), U(nonce)) == 1 &&
            EVP_EncryptUpdate(ctx.get(), nullptr, &len, U(aad), static_cast<int>(aad.size())) == 1;
  unsigned char* body = U(out) + kSealOverhead;
  ok = ok && EVP_EncryptUpdate(ctx.get(), body, &len, U(plaintext),
                               static_cast<int>(plaintext.size())) == 1;
  int tail = 0;
  ok = ok && EVP_EncryptFinal_ex(ctx.get(), body + len, &tail) == 1 &&
       EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes, U(out) + 5 + kNonceBytes) ==
           1;
  if (!ok) return Error{"encrypt_failed", "AES-256-GCM encryption failed"};
  return out;
}

Result<std::string> Keyring::Open(std::string_view sealed, std::string_view aad) const {
  if (sealed.size() < kSealOverhead || sealed[0] != kFormat) {
    return Error{"decrypt_failed", "encrypted value is malformed"};
  }
  uint32_t key_id = 0;
  for (int i = 0; i < 4; ++i) key_id = (key_id << 8) | static_cast<unsigned char>(sealed[1 + i]);
  auto it = keys_.find(key_id);
  if (it == keys_.end()) {
    return Error{"unknown_key_id", "value is encrypted under key id " + std::to_string(key_id) +
                                       ", which is not loaded"};
  }
  std::string_view nonce = sealed.substr(5, kNonceBytes);
  std::string tag(sealed.substr(5 + kNonceBytes, kTagBytes));
  std::string_view body = sealed.substr(kSealOverhead);
  std::string out(body.size(), '\0');
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  int len = 0;
  bool ok =
      ctx && EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, kNonceBytes, nullptr) == 1 &&
      EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr, U(it->second), U(nonce)) == 1 &&
      EVP_DecryptUpdate(ctx.get(), nullptr, &len, U(aad), static_cast<int>(aad.size())) == 1 &&
      EVP_DecryptUpdate(ctx.get(), U(out), &len, U(body), static_cast<int>(body.size())) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes, tag.data()) == 1;
  int tail = 0;
  ok = ok && EVP_DecryptFinal_ex(ctx.get(), U(out) + len, &tail) == 1;
  if (!ok) return Error{"decrypt_failed", "encrypted value failed authentication"};
  return out;
}

std::string Sha256(std::string_view data) {
  std::string out(32, '\0');
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), U(out), &len, EVP_sha256(), nullptr);
  return out;
}

std::string Sha256Hex(std::string_view data) { return HexEncode(Sha256(data)); }

std::string RandomBytes(size_t n) {
  std::string out(n, '\0');
  if (RAND_bytes(U(out), static_cast<int>(n)) != 1) std::abort();
  return out;
}

std::string HexEncode(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
  return out;
}

namespace {
constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
}

std::string Base64UrlEncode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() * 4 + 2) / 3);
  uint32_t acc = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    acc = (acc << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(kB64[(acc >> bits) & 63]);
    }
  }
  if (bits > 0) out.push_back(kB64[(acc << (6 - bits)) & 63]);
  return out;
}

Result<std::string> Base64UrlDecode(std::string_view text) {
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    const char* p = c == '\0' ? nullptr : std::char_traits<char>::find(kB64, 64, c);
    if (p == nullptr) return Error{"bad_base64url", "invalid base64url text"};
    acc = (acc << 6) | static_cast<uint32_t>(p - kB64);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xff));
    }
  }
  return out;
}

}  // namespace claimgate::store
