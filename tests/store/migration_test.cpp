#include "src/store/sqlite_schema.hpp"

#include <gtest/gtest.h>

#include "src/store/sqlite_internal.hpp"
#include "tests/store/store_test_util.hpp"

namespace claimgate::store {
namespace {

TEST(Migration, AVersionOneFileIsMigratedAtOpenAndKeepsItsRows) {
  testing::TempDir dir;
  std::string path = dir.File("old.db");
  auto keys = testing::TestKeys();
  {
    auto db = Db::Open(path, true, false, 1000);
    ASSERT_TRUE(db);
    auto v = Migrate(**db, 1);
    ASSERT_TRUE(v);
    ASSERT_EQ(*v, 1);
    // Rows as a version-1 claimgate wrote them.
    auto enc = keys->Seal(R"({"synthetic":true})", Aad("claims.encounter", "clm_old"));
    auto seg = keys->Seal("", Aad("claims.segments", "clm_old"));
    ASSERT_TRUE(enc && seg);
    ASSERT_TRUE(
        (*db)->Exec("INSERT INTO tenants(id, name, created_ms) VALUES ('ten_old', 'Old', 1)"));
    auto s = (*db)->Prepare(
        "INSERT INTO claims(id, tenant_id, patient_control_number, payer_id, claim_type, state, "
        "total_charge_cents, encounter_enc, segments_enc, created_ms, updated_ms, event_count) "
        "VALUES ('clm_old', 'ten_old', 'P1', 'PAYER1', '837P', 'QUEUED', 100, ?, ?, 1, 1, 1)");
    s.BindBlob(1, *enc).BindBlob(2, *seg);
    s.Step();
    ASSERT_TRUE(s.ok());
    ASSERT_TRUE(
        (*db)->Exec("INSERT INTO claim_events VALUES (1, 1, 'received', '', 'QUEUED', '', '', 1)"));
    auto missing = (*db)->Exec("SELECT * FROM interchanges");
    EXPECT_FALSE(missing);  // version 1 has no payer-traffic tables
  }
  auto store = testing::OpenStore(path, keys);
  ASSERT_TRUE(store);
  auto claim = store->GetClaim("ten_old", "clm_old", true);
  ASSERT_TRUE(claim);
  EXPECT_EQ(claim->encounter_json, R"({"synthetic":true})");
  EXPECT_EQ(claim->state, "QUEUED");
  // Version-2 tables now exist and work.
  auto n = Wait<int64_t>([&](auto done) { store->AllocateControlNumbers("ISA:A:B", 1, done); });
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 1);
  store.reset();
  auto db = Db::Open(path, false, false, 1000);
  ASSERT_TRUE(db);
  auto version = SchemaVersion(**db);
  ASSERT_TRUE(version);
  EXPECT_EQ(*version, LatestSchemaVersion());
  EXPECT_EQ(LatestSchemaVersion(), 6);
  // Version 3's indexes are there.
  auto index = (*db)->Prepare(
      "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name IN "
      "('status_records_payer_number', 'claim_payments_payer_number')");
  ASSERT_TRUE(index.Step());
  EXPECT_EQ(index.Int(0), 2);
  // Version 4's remark columns are there.
  auto remarks = (*db)->Prepare(
      "SELECT COUNT(*) FROM pragma_table_info('claim_payments') WHERE name = 'remarks' "
      "UNION ALL SELECT COUNT(*) FROM pragma_table_info('service_payments') WHERE name = "
      "'remarks'");
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(remarks.Step());
    EXPECT_EQ(remarks.Int(0), 1);
  }
  // Version 6's store_meta holds the key check of the key it was opened with.
  auto check = (*db)->Prepare("SELECT COUNT(*) FROM store_meta WHERE name = 'key_check:1'");
  ASSERT_TRUE(check.Step());
  EXPECT_EQ(check.Int(0), 1);
}

TEST(Migration, ReopeningAMigratedFileAppliesNothing) {
  testing::TempDir dir;
  std::string path = dir.File("db");
  { ASSERT_TRUE(testing::OpenStore(path)); }
  auto db = Db::Open(path, false, false, 1000);
  auto again = Migrate(**db);
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, LatestSchemaVersion());
  auto s = (*db)->Prepare("SELECT COUNT(*) FROM schema_version");
  ASSERT_TRUE(s.Step());
  EXPECT_EQ(s.Int(0), LatestSchemaVersion());
}

TEST(Migration, AFileFromANewerClaimgateIsRefused) {
  testing::TempDir dir;
  std::string path = dir.File("db");
  { ASSERT_TRUE(testing::OpenStore(path)); }
  {
    auto db = Db::Open(path, false, false, 1000);
    ASSERT_TRUE((*db)->Exec("INSERT INTO schema_version VALUES (99, 0)"));
  }
  SqliteOptions o;
  o.path = path;
  o.keyring = testing::TestKeys();
  auto s = SqliteStore::Open(o);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, "schema_too_new");
}

TEST(Migration, AFailedMigrationLeavesThePreviousVersion) {
  testing::TempDir dir;
  std::string path = dir.File("db");
  auto db = Db::Open(path, true, false, 1000);
  ASSERT_TRUE(Migrate(**db, 1));
  // A table that migration 2 wants to create already exists: migration 2 fails as a whole.
  ASSERT_TRUE((*db)->Exec("CREATE TABLE interchanges(x)"));
  auto r = Migrate(**db);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "migration_failed");
  EXPECT_EQ(*SchemaVersion(**db), 1);
  EXPECT_FALSE((*db)->Exec("SELECT * FROM control_numbers"));
}

}  // namespace
}  // namespace claimgate::store
