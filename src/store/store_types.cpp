#include "src/store/store_types.hpp"

#include <chrono>

namespace claimgate::store {

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kSubmitter:
      return "submitter";
    case Role::kBiller:
      return "biller";
    case Role::kOperator:
      return "operator";
    case Role::kAdmin:
      return "admin";
    case Role::kPlatformOperator:
      return "platform_operator";
    case Role::kPlatformAdmin:
      return "platform_admin";
  }
  return "submitter";
}

std::optional<Role> ParseRole(std::string_view name) {
  for (Role r : kAllRoles) {
    if (RoleName(r) == name) return r;
  }
  return std::nullopt;
}

bool IsPlatformRole(Role role) {
  return role == Role::kPlatformOperator || role == Role::kPlatformAdmin;
}

GeneratedKey GenerateApiKey(std::string_view kind) {
  GeneratedKey key;
  key.secret = "cg_" + std::string(kind) + "_" + Base64UrlEncode(RandomBytes(32));
  key.hash_hex = Sha256Hex(key.secret);
  key.prefix = key.secret.substr(0, 12);
  return key;
}

std::string NewId(std::string_view prefix) {
  return std::string(prefix) + "_" + HexEncode(RandomBytes(8));
}

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace claimgate::store
