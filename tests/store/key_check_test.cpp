// The store's key check at open: a database refuses a key it was not written with, before
// anything is written, whether it carries the key check record (schema 6) or was written by an
// older claimgate (checked against its oldest sealed value). Real SQLite files.
#include "src/store/key_check.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "src/store/sqlite_internal.hpp"
#include "src/store/sqlite_schema.hpp"
#include "tests/store/store_test_util.hpp"

namespace claimgate::store {
namespace {

using testing::Insert;
using testing::MakeTenant;
using testing::OpenStore;
using testing::SyntheticClaim;
using testing::TempDir;
using testing::TestKeys;

std::string FileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

Result<std::unique_ptr<SqliteStore>> TryOpen(const std::string& path,
                                             std::shared_ptr<const Keyring> keys) {
  SqliteOptions options;
  options.path = path;
  options.keyring = std::move(keys);
  return SqliteStore::Open(std::move(options));
}

int Version(const std::string& path) {
  auto db = Db::Open(path, false, true, 1000);
  if (!db) return -1;
  auto v = SchemaVersion(**db);
  return v ? *v : -1;
}

int64_t KeyCheckRecords(const std::string& path) {
  auto db = Db::Open(path, false, true, 1000);
  if (!db) return -1;
  auto s = (*db)->Prepare("SELECT COUNT(*) FROM store_meta WHERE name LIKE 'key_check:%'");
  return s.Step() ? s.Int(0) : -1;
}

// A database as a claimgate before the key check wrote it: schema 5, a tenant and claims whose
// encounters are sealed under `keys` (one keyring per claim, oldest first).
void WriteSchemaFiveDatabase(const std::string& path,
                             const std::vector<std::shared_ptr<Keyring>>& claim_keys) {
  auto db = Db::Open(path, true, false, 1000);
  ASSERT_TRUE(db);
  ASSERT_TRUE(Migrate(**db, 5));
  ASSERT_TRUE(
      (*db)->Exec("INSERT INTO tenants(id, name, created_ms) VALUES ('ten_old', 'Old', 1)"));
  for (size_t i = 0; i < claim_keys.size(); ++i) {
    const std::string id = "clm_old" + std::to_string(i);
    auto enc = claim_keys[i]->Seal(R"({"synthetic":true})", Aad("claims.encounter", id));
    auto seg = claim_keys[i]->Seal("", Aad("claims.segments", id));
    ASSERT_TRUE(enc && seg);
    auto s = (*db)->Prepare(
        "INSERT INTO claims(id, tenant_id, patient_control_number, payer_id, claim_type, state, "
        "total_charge_cents, encounter_enc, segments_enc, created_ms, updated_ms, event_count) "
        "VALUES (?, 'ten_old', ?, 'PAYER1', '837P', 'QUEUED', 100, ?, ?, 1, 1, 1)");
    s.Bind(1, id).Bind(2, "P" + std::to_string(i)).BindBlob(3, *enc).BindBlob(4, *seg);
    s.Step();
    ASSERT_TRUE(s.ok());
  }
}

TEST(StoreKeyCheck, AnotherValidKeyIsRefusedAtOpenAndTheFileIsNotTouched) {
  TempDir dir;
  const std::string path = dir.File("claims.db");
  std::string tenant_id, claim_id;
  {
    auto store = OpenStore(path, TestKeys('a'));
    ASSERT_TRUE(store);
    tenant_id = MakeTenant(*store, "T").id;
    auto inserted = Insert(*store, SyntheticClaim(tenant_id, "PCN1"));
    ASSERT_TRUE(inserted);
    claim_id = inserted->claim_id;
  }
  EXPECT_EQ(KeyCheckRecords(path), 1);
  // Closed: the write-ahead log is checkpointed into the file, so its bytes are all there is.
  const std::string before = FileBytes(path);
  ASSERT_FALSE(before.empty());

  auto wrong = TryOpen(path, TestKeys('b'));
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, "wrong_store_key");
  EXPECT_NE(wrong.error().message.find("the encryption key does not open this database"),
            std::string::npos)
      << wrong.error().message;
  EXPECT_NE(wrong.error().message.find("nothing was written"), std::string::npos);
  EXPECT_EQ(FileBytes(path), before);

  // The right key still opens it, with its claim.
  auto right = OpenStore(path, TestKeys('a'));
  ASSERT_TRUE(right);
  auto claim = right->GetClaim(tenant_id, claim_id, true);
  ASSERT_TRUE(claim) << claim.error().message;
  EXPECT_NE(claim->encounter_json.find("SYNTHETIC"), std::string::npos);
}

TEST(StoreKeyCheck, AnOlderDatabaseIsCheckedAgainstItsOldestClaimBeforeItIsMigrated) {
  TempDir dir;
  const std::string path = dir.File("old.db");
  auto key_a = TestKeys('a');
  auto key_b = TestKeys('b');
  // The issue's state: the first key wrote the oldest claim, a wrong key a newer one.
  WriteSchemaFiveDatabase(path, {key_a, key_b});

  auto wrong = TryOpen(path, key_b);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, "wrong_store_key");
  EXPECT_NE(wrong.error().message.find("its oldest claim does not decrypt"), std::string::npos)
      << wrong.error().message;
  EXPECT_EQ(Version(path), 5);  // refused before the migration: nothing written

  auto right = OpenStore(path, key_a);
  ASSERT_TRUE(right);
  auto claim = right->GetClaim("ten_old", "clm_old0", true);
  ASSERT_TRUE(claim);
  EXPECT_EQ(claim->encounter_json, R"({"synthetic":true})");
  right.reset();
  EXPECT_EQ(Version(path), LatestSchemaVersion());
  EXPECT_EQ(KeyCheckRecords(path), 1);
  // From now on the record decides.
  auto again = TryOpen(path, key_b);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, "wrong_store_key");
  EXPECT_NE(again.error().message.find("key check record does not decrypt"), std::string::npos)
      << again.error().message;
}

TEST(StoreKeyCheck, AnOlderDatabaseWithoutSealedValuesTakesTheKeyInUse) {
  TempDir dir;
  const std::string path = dir.File("old.db");
  WriteSchemaFiveDatabase(path, {});
  ASSERT_TRUE(OpenStore(path, TestKeys('b')));
  EXPECT_EQ(KeyCheckRecords(path), 1);
  auto other = TryOpen(path, TestKeys('a'));
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, "wrong_store_key");
}

TEST(StoreKeyCheck, EveryRecordedKeyIdMustBeLoadedAndANewActiveKeyIsRecorded) {
  TempDir dir;
  const std::string path = dir.File("claims.db");
  ASSERT_TRUE(OpenStore(path, TestKeys('a')));  // key id 1

  // Rotation: the old key stays loaded as id 1, a new one is active as id 2.
  auto rotated = std::make_shared<Keyring>();
  ASSERT_TRUE(rotated->Add(1, std::string(kKeyBytes, 'a')));
  ASSERT_TRUE(rotated->Add(2, std::string(kKeyBytes, 'c')));
  ASSERT_TRUE(OpenStore(path, rotated));
  EXPECT_EQ(KeyCheckRecords(path), 2);

  // Without key id 2 the values written under it could not be read: refused.
  auto old_only = TryOpen(path, TestKeys('a'));
  ASSERT_FALSE(old_only);
  EXPECT_EQ(old_only.error().code, "wrong_store_key");
  EXPECT_NE(old_only.error().message.find("key id 2, which is not loaded"), std::string::npos)
      << old_only.error().message;

  // Key id 2 with other material: refused.
  auto wrong_two = std::make_shared<Keyring>();
  ASSERT_TRUE(wrong_two->Add(1, std::string(kKeyBytes, 'a')));
  ASSERT_TRUE(wrong_two->Add(2, std::string(kKeyBytes, 'd')));
  auto refused = TryOpen(path, wrong_two);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "wrong_store_key");
  EXPECT_NE(refused.error().message.find("key id 2 is not the key"), std::string::npos)
      << refused.error().message;
}

TEST(StoreKeyCheck, VerifyingAloneWritesNothing) {
  TempDir dir;
  const std::string path = dir.File("old.db");
  auto key_a = TestKeys('a');
  WriteSchemaFiveDatabase(path, {key_a});
  auto db = Db::Open(path, false, false, 1000);
  ASSERT_TRUE(db);
  EXPECT_TRUE(CheckStoreKey(**db, *key_a, KeyCheckMode::kVerify));
  auto wrong = CheckStoreKey(**db, *TestKeys('b'), KeyCheckMode::kVerify);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, "wrong_store_key");
  auto tables = (*db)->Prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'store_meta'");
  ASSERT_TRUE(tables.Step());
  EXPECT_EQ(tables.Int(0), 0);
}

}  // namespace
}  // namespace claimgate::store
