// A fixture for the JSON API handler tests: a real SQLite store in a temporary directory, two
// tenants, API keys by role, and Call() that sends a Request through a Router without a socket.
// Synthetic data only.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "src/api/router.hpp"
#include "src/store/crypto.hpp"
#include "tests/store/store_test_util.hpp"

namespace claimgate::api::testing {

inline std::string ReadFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

// A file of docs/examples/.
inline std::string Example(const std::string& name) {
  return ReadFile(std::string(CLAIMGATE_SOURCE_DIR) + "/docs/examples/" + name);
}

class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = store::testing::OpenStore(dir_.File("claims.db"));
    ASSERT_NE(store_, nullptr);
    tenant_a_ = store::testing::MakeTenant(*store_, "Clinic A").id;
    tenant_b_ = store::testing::MakeTenant(*store_, "Clinic B").id;
    submitter_ = Key(tenant_a_, store::Role::kSubmitter);
    biller_ = Key(tenant_a_, store::Role::kBiller);
    other_tenant_ = Key(tenant_b_, store::Role::kSubmitter);
  }

  std::string Key(const std::string& tenant, store::Role role) {
    store::GeneratedKey key = store::GenerateApiKey();
    auto made = store::Wait<store::ApiKey>(
        [&](auto done) { store_->CreateApiKey(tenant, role, key, "test", done); });
    EXPECT_TRUE(made);
    return key.secret;
  }

  Response Call(std::string method, std::string target, const std::string& key,
                std::string body = "", std::string idempotency = "",
                std::vector<std::pair<std::string, std::string>> headers = {}) {
    Request r;
    r.method = std::move(method);
    r.target = target;
    std::size_t q = target.find('?');
    r.path = target.substr(0, q);
    if (q != std::string::npos) r.query = ParseQuery(target.substr(q + 1));
    if (!key.empty()) r.headers.Add("Authorization", "Bearer " + key);
    if (!idempotency.empty()) r.headers.Add("Idempotency-Key", idempotency);
    for (auto& [name, value] : headers) r.headers.Add(name, value);
    r.body = std::move(body);
    r.client_ip = "127.0.0.1";
    r.request_id = "req-test";
    return router_.Handle(r);
  }

  store::testing::TempDir dir_;
  std::unique_ptr<store::SqliteStore> store_;
  std::string tenant_a_, tenant_b_, submitter_, biller_, other_tenant_;
  Router router_;
};

}  // namespace claimgate::api::testing
