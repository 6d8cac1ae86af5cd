// Writes canary PHI through every encrypted column, then scans the raw bytes of the database
// file, its WAL and everything else in the store's directory: none may appear in plain text.
#include "src/store/sqlite_store.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "tests/store/store_test_util.hpp"

namespace claimgate::store {
namespace {

const std::vector<std::string> kCanaries = {"CANARY-ENCOUNTER-qzjx", "CANARY-SEGMENTS-wvkp",
                                            "CANARY-RESPONSE-mfhd",  "CANARY-INTERCHANGE-tbyl",
                                            "CANARY-INBOUND-rnsc",   "CANARY-PATIENT-gxoe",
                                            "CANARY-DOB-19xx0101",   "CANARY-STATUS-ujva"};
const std::string kPlainControl = "PLAIN-CONTROL-PCN-zz";  // a plain column, must be found

std::string ReadAll(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// Names of the canaries found in any file under `dir`.
std::vector<std::string> Scan(const std::filesystem::path& dir, const std::string& needle_list_tag,
                              bool* control_found) {
  std::vector<std::string> found;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    std::string bytes = ReadAll(entry.path());
    if (bytes.find(kPlainControl) != std::string::npos) *control_found = true;
    for (const auto& c : kCanaries) {
      if (bytes.find(c) != std::string::npos) {
        found.push_back(needle_list_tag + ": " + c + " in " + entry.path().filename().string());
      }
    }
  }
  return found;
}

TEST(Canary, NoPhiValueIsStoredInPlainTextInTheDatabaseWalOrTempFiles) {
  testing::TempDir dir;
  std::string path = dir.File("store/claimgate.db");
  auto store = testing::OpenStore(path);
  Tenant t = testing::MakeTenant(*store, "T");
  NewClaim c = testing::SyntheticClaim(t.id, kPlainControl);
  c.encounter_json = R"({"patient":")" + kCanaries[0] + R"("})";
  c.claim_segments = "NM1*IL*1*" + kCanaries[1] + "~";
  c.idempotency_key = "k1";
  c.request_hash = Sha256Hex("body");
  c.response_body = kCanaries[2];
  auto claim = testing::Insert(*store, c);
  ASSERT_TRUE(claim);
  NewInterchange x;
  x.payer_id = "P";
  x.sender_id = "S";
  x.receiver_id = "R";
  x.isa13 = 1;
  x.file_name = "f";
  x.bytes = kCanaries[3];
  x.claim_ids = {claim->claim_id};
  ASSERT_TRUE(Wait<Interchange>([&](auto done) { store->InsertInterchange(x, done); }));
  NewInboundFile f{"", "P", "835", "era", kCanaries[4]};
  ASSERT_TRUE(Wait<InboundFileInsert>([&](auto done) { store->InsertInboundFile(f, done); }));
  NewRemittance r;
  r.tenant_id = t.id;
  ClaimPayment cp{kPlainControl, claim->claim_id, "1", 1, 1, 0, "", kCanaries[5], {}, {}, {}};
  cp.services.push_back(ServicePayment{"HC:99213", 1, 1, "1", "", kCanaries[6], {}, {}});
  r.claims.push_back(cp);
  ASSERT_TRUE(Wait<Remittance>([&](auto done) { store->InsertRemittance(r, done); }));
  StatusRecord s;
  s.tenant_id = t.id;
  s.claim_id = claim->claim_id;
  s.detail = kCanaries[7];
  ASSERT_TRUE(Wait<StatusRecord>([&](auto done) { store->InsertStatusRecord(s, done); }));
  // Reads decrypt in memory only (and must not leave temporary files behind).
  ASSERT_TRUE(store->GetClaim(t.id, claim->claim_id, true));
  ClaimFilter filter;
  ASSERT_TRUE(store->ListClaims(t.id, filter));

  ASSERT_TRUE(std::filesystem::exists(path + "-wal"));
  ASSERT_GT(std::filesystem::file_size(path + "-wal"), 0u);
  bool control = false;
  auto open_hits = Scan(dir.path(), "while open", &control);
  EXPECT_TRUE(control) << "the scan must see plain columns, or it proves nothing";
  EXPECT_TRUE(open_hits.empty()) << ::testing::PrintToString(open_hits);
  EXPECT_EQ(*store->IntegrityCheck(), "ok");
  store.reset();  // checkpoint: everything is now in the main file
  control = false;
  auto closed_hits = Scan(dir.path(), "after close", &control);
  EXPECT_TRUE(control);
  EXPECT_TRUE(closed_hits.empty()) << ::testing::PrintToString(closed_hits);
}

}  // namespace
}  // namespace claimgate::store
