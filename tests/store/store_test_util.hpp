// Helpers for the store tests: a temporary directory removed at the end, a keyring with a fixed
// test key, and a synthetic claim (no real PHI anywhere).
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "src/store/sqlite_store.hpp"

namespace claimgate::store::testing {

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "cg-store-XXXXXX").string();
    path_ = mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

inline std::shared_ptr<Keyring> TestKeys(char fill = 'k') {
  auto keys = std::make_shared<Keyring>();
  EXPECT_TRUE(keys->Add(1, std::string(kKeyBytes, fill)));
  return keys;
}

inline std::unique_ptr<SqliteStore> OpenStore(const std::string& path,
                                              std::shared_ptr<const Keyring> keys = TestKeys()) {
  SqliteOptions options;
  options.path = path;
  options.keyring = std::move(keys);
  auto s = SqliteStore::Open(std::move(options));
  EXPECT_TRUE(s) << (s ? "" : s.error().message);
  return s ? std::move(*s) : nullptr;
}

inline Tenant MakeTenant(Store& s, const std::string& name) {
  auto t = Wait<Tenant>([&](auto done) { s.CreateTenant(name, done); });
  EXPECT_TRUE(t) << (t ? "" : t.error().message);
  return t ? *t : Tenant{};
}

inline NewClaim SyntheticClaim(const std::string& tenant_id, const std::string& pcn,
                               const std::string& payer = "PAYER1") {
  NewClaim c;
  c.tenant_id = tenant_id;
  c.patient_control_number = pcn;
  c.payer_id = payer;
  c.claim_type = "837P";
  c.state = "RECEIVED";
  c.total_charge_cents = 12500;
  c.encounter_json = R"({"patient":{"name":"SYNTHETIC"},"pcn":")" + pcn + R"("})";
  c.claim_segments = "CLM*" + pcn + "*125***11:B:1*Y*A*Y*Y~";
  c.events.push_back(NewEvent{"received", "", "RECEIVED", "", ""});
  return c;
}

inline Result<InsertClaimResult> Insert(Store& s, NewClaim c) {
  return Wait<InsertClaimResult>([&](auto done) { s.InsertClaim(std::move(c), done); });
}

}  // namespace claimgate::store::testing
