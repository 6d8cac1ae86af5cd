// AES-256-GCM for PHI columns, SHA-256, random bytes and base64url/hex helpers (OpenSSL 3).
// A Keyring holds one or more 32-byte keys by key id; new values are sealed under the active key,
// old values open under whichever key id they name (rotation). A Keyring is immutable after
// set-up and safe to share between threads; the free functions are thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "edi/result.hpp"

namespace claimgate::store {

template <typename T>
using Result = edi::Result<T>;
using Error = edi::Error;

inline constexpr size_t kKeyBytes = 32;
inline constexpr size_t kNonceBytes = 12;
inline constexpr size_t kTagBytes = 16;

// Sealed value layout: 'G' (format 1), key id (4 bytes big-endian), nonce (12), tag (16),
// ciphertext.
inline constexpr size_t kSealOverhead = 1 + 4 + kNonceBytes + kTagBytes;

// Parses key material: exactly 32 raw bytes, or 64 hex characters (surrounding white space is
// ignored). The error names the expected forms, never the content.
Result<std::string> ParseKeyMaterial(std::string_view text);

class Keyring {
 public:
  Keyring() = default;

  // Adds a key; the last key added becomes active unless `make_active` is false.
  // REQUIRES: key.size() == kKeyBytes and key_id is not yet present.
  Result<void> Add(uint32_t key_id, std::string key, bool make_active = true);

  // Reads one key from a file (raw or hex, see ParseKeyMaterial) and adds it as `key_id`.
  Result<void> AddFromFile(uint32_t key_id, const std::string& path);
  // Reads one key from an environment variable (hex, or 32 raw bytes) and adds it.
  Result<void> AddFromEnv(uint32_t key_id, const std::string& variable);

  bool empty() const { return keys_.empty(); }
  uint32_t active_key_id() const { return active_; }
  // The ids of the loaded keys, ascending.
  std::vector<uint32_t> key_ids() const;

  // Encrypts `plaintext` under the active key with a fresh random nonce; `aad` binds the value to
  // where it is stored (e.g. "claims.encounter:clm_..."). REQUIRES: !empty().
  Result<std::string> Seal(std::string_view plaintext, std::string_view aad) const;
  // Decrypts a value made by Seal. Fails (code "decrypt_failed") when any byte of the value or the
  // aad differs, or (code "unknown_key_id") when the key id is not in this ring.
  Result<std::string> Open(std::string_view sealed, std::string_view aad) const;

 private:
  std::map<uint32_t, std::string> keys_;
  uint32_t active_ = 0;
};

// SHA-256 of `data` as 32 raw bytes.
std::string Sha256(std::string_view data);
// SHA-256 of `data` as 64 lower-case hex characters.
std::string Sha256Hex(std::string_view data);
// `n` bytes from OpenSSL's CSPRNG. Aborts the process if the generator fails (it never should).
std::string RandomBytes(size_t n);
std::string HexEncode(std::string_view bytes);
// Base64url without padding (RFC 4648 section 5).
std::string Base64UrlEncode(std::string_view bytes);
// Decodes unpadded base64url; an error on any character outside the alphabet.
Result<std::string> Base64UrlDecode(std::string_view text);

}  // namespace claimgate::store
