// Schema migration 5: the platform's keys (platform_operator, platform_admin) under the reserved
// tenant 'platform', and a version-4 file's tenant keys kept as they were.
#include <gtest/gtest.h>

#include "src/store/sqlite_internal.hpp"
#include "src/store/sqlite_schema.hpp"
#include "tests/store/store_test_util.hpp"

namespace claimgate::store {
namespace {

TEST(PlatformKeys, AVersionFourFilesKeysStayTenantKeysAndThePlatformTenantAppears) {
  testing::TempDir dir;
  const std::string path = dir.File("v4.db");
  {
    auto db = Db::Open(path, true, false, 1000);
    ASSERT_TRUE(db);
    ASSERT_TRUE(Migrate(**db, 4));
    ASSERT_TRUE((*db)->Exec(
        "INSERT INTO tenants(id, name, created_ms) VALUES ('ten_old', 'Old', 1);"
        "INSERT INTO api_keys(id, tenant_id, role, hash_hex, prefix, created_ms) VALUES "
        "('key_old', 'ten_old', 'operator', 'ab12', 'cg_live_abcd', 1)"));
  }
  auto store = testing::OpenStore(path);
  ASSERT_TRUE(store);
  auto key = store->FindActiveApiKey("ab12");
  ASSERT_TRUE(key);
  EXPECT_EQ(key->role, Role::kOperator);
  EXPECT_EQ(key->tenant_id, "ten_old");
  auto tenants = store->ListTenants();
  ASSERT_TRUE(tenants);
  ASSERT_EQ(tenants->size(), 1u);  // the platform is no practice: not listed
  EXPECT_EQ((*tenants)[0].id, "ten_old");
  EXPECT_TRUE(store->GetTenant(std::string(kPlatformTenantId)));
}

TEST(PlatformKeys, PlatformRolesBelongToThePlatformAndTenantRolesToATenant) {
  testing::TempDir dir;
  auto store = testing::OpenStore(dir.File("keys.db"));
  const std::string tenant = testing::MakeTenant(*store, "Clinic").id;
  const std::string platform(kPlatformTenantId);
  auto make = [&](const std::string& owner, Role role) {
    return Wait<ApiKey>(
        [&](auto done) { store->CreateApiKey(owner, role, GenerateApiKey(), "t", done); });
  };
  EXPECT_TRUE(make(platform, Role::kPlatformOperator));
  EXPECT_TRUE(make(platform, Role::kPlatformAdmin));
  EXPECT_TRUE(make(tenant, Role::kAdmin));
  for (auto refused : {make(tenant, Role::kPlatformAdmin), make(platform, Role::kAdmin)}) {
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, "invalid");
  }
  // The schema refuses it too, whoever writes the row.
  auto db = Db::Open(dir.File("keys.db"), false, false, 1000);
  ASSERT_TRUE(db);
  const std::string insert =
      "INSERT INTO api_keys(id, tenant_id, role, hash_hex, prefix, created_ms) VALUES "
      "('key_x', '" + tenant + "', 'platform_admin', 'cd34', 'cg_live_x', 1)";
  EXPECT_FALSE((*db)->Exec(insert.c_str()));
  for (Role role : kAllRoles) EXPECT_EQ(ParseRole(RoleName(role)), role);
}

}  // namespace
}  // namespace claimgate::store
