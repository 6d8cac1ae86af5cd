#include "src/store/sqlite_store.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "src/store/sqlite_internal.hpp"
#include "tests/store/store_test_util.hpp"

namespace claimgate::store {
namespace {

using testing::Insert;
using testing::MakeTenant;
using testing::OpenStore;
using testing::SyntheticClaim;
using testing::TempDir;

TransitionDecision Move(std::string to) {
  return TransitionDecision{TransitionDecision::Kind::kMove, std::move(to), ""};
}

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = OpenStore(dir_.File("var/claimgate.db"));
    ASSERT_TRUE(store_);
    a_ = MakeTenant(*store_, "Practice A");
    b_ = MakeTenant(*store_, "Practice B");
  }
  TempDir dir_;
  std::unique_ptr<SqliteStore> store_;
  Tenant a_, b_;
};

TEST_F(SqliteStoreTest, OpensWithWalFullSyncForeignKeysAndPassesIntegrityCheck) {
  auto ok = store_->IntegrityCheck();
  ASSERT_TRUE(ok);
  EXPECT_EQ(*ok, "ok");
  EXPECT_TRUE(std::filesystem::exists(dir_.File("var/claimgate.db-wal")));
  auto tenants = store_->ListTenants();
  ASSERT_TRUE(tenants);
  ASSERT_EQ(tenants->size(), 2u);
  EXPECT_EQ((*tenants)[0].name, "Practice A");
  auto dup = Wait<Tenant>([&](auto done) { store_->CreateTenant("Practice A", done); });
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, "conflict");
}

TEST_F(SqliteStoreTest, ApiKeysAreFoundByHashUntilRevoked) {
  auto gen = GenerateApiKey();
  std::string hash = gen.hash_hex;
  auto key = Wait<ApiKey>(
      [&](auto done) { store_->CreateApiKey(a_.id, Role::kBiller, gen, "front desk", done); });
  ASSERT_TRUE(key);
  auto found = store_->FindActiveApiKey(hash);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->tenant_id, a_.id);
  EXPECT_EQ(found->role, Role::kBiller);
  EXPECT_FALSE(store_->FindActiveApiKey(Sha256Hex("cg_live_wrong")));
  auto revoked = Wait<ApiKey>([&](auto done) { store_->RevokeApiKey(key->id, done); });
  ASSERT_TRUE(revoked);
  ASSERT_TRUE(revoked->revoked_ms.has_value());
  auto again = Wait<ApiKey>([&](auto done) { store_->RevokeApiKey(key->id, done); });
  ASSERT_TRUE(again);
  EXPECT_EQ(again->revoked_ms, revoked->revoked_ms);
  auto gone = store_->FindActiveApiKey(hash);
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().code, "not_found");
  auto keys = store_->ListApiKeys(a_.id);
  ASSERT_TRUE(keys);
  EXPECT_EQ(keys->size(), 1u);
  EXPECT_TRUE(store_->ListApiKeys(b_.id)->empty());
  auto no_tenant = Wait<ApiKey>([&](auto done) {
    store_->CreateApiKey("ten_missing", Role::kAdmin, GenerateApiKey(), "", done);
  });
  ASSERT_FALSE(no_tenant);
  EXPECT_EQ(no_tenant.error().code, "not_found");
}

TEST_F(SqliteStoreTest, ClaimRoundTripsWithItsEncryptedEncounter) {
  NewClaim c = SyntheticClaim(a_.id, "PCN001");
  std::string encounter = c.encounter_json, segments = c.claim_segments;
  auto r = Insert(*store_, c);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->kind, InsertClaimResult::Kind::kCreated);
  auto got = store_->GetClaim(a_.id, r->claim_id, true);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->encounter_json, encounter);
  EXPECT_EQ(got->claim_segments, segments);
  EXPECT_EQ(got->state, "RECEIVED");
  EXPECT_EQ(got->total_charge_cents, 12500);
  auto plain = store_->GetClaim(a_.id, r->claim_id, false);
  ASSERT_TRUE(plain);
  EXPECT_TRUE(plain->encounter_json.empty());
  auto dup = Insert(*store_, SyntheticClaim(a_.id, "PCN001"));
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, "conflict");
}

TEST_F(SqliteStoreTest, EveryTenantScopedReadHidesAnotherTenantsRows) {
  auto claim = Insert(*store_, SyntheticClaim(a_.id, "PCN-A"));
  ASSERT_TRUE(claim);
  const std::string& id = claim->claim_id;
  NewRemittance rem;
  rem.tenant_id = a_.id;
  rem.payer_id = "PAYER1";
  rem.claims.push_back(ClaimPayment{"PCN-A", id, "1", 12500, 10000, 0, "P1", "{}", {}, {}, {}});
  auto remit = Wait<Remittance>([&](auto done) { store_->InsertRemittance(rem, done); });
  ASSERT_TRUE(remit);
  StatusRecord st;
  st.tenant_id = a_.id;
  st.claim_id = id;
  st.source = "277CA";
  ASSERT_TRUE(Wait<StatusRecord>([&](auto done) { store_->InsertStatusRecord(st, done); }));

  // Tenant A sees everything.
  EXPECT_TRUE(store_->GetClaim(a_.id, id, true));
  EXPECT_EQ(store_->ListClaims(a_.id, {})->claims.size(), 1u);
  EXPECT_EQ(store_->ListClaimEvents(a_.id, id)->size(), 1u);
  EXPECT_EQ(store_->ListClaimPayments(a_.id, id)->size(), 1u);
  EXPECT_TRUE(store_->GetRemittance(a_.id, remit->id));
  EXPECT_EQ(store_->ListRemittances(a_.id, {})->remittances.size(), 1u);
  EXPECT_EQ(store_->ListStatusRecords(a_.id, id)->size(), 1u);
  // Tenant B: not found / empty, never "forbidden".
  EXPECT_EQ(store_->GetClaim(b_.id, id, true).error().code, "not_found");
  EXPECT_EQ(store_->GetClaim("", id, false).error().code, "not_found");
  EXPECT_TRUE(store_->ListClaims(b_.id, {})->claims.empty());
  EXPECT_EQ(store_->ListClaimEvents(b_.id, id).error().code, "not_found");
  EXPECT_TRUE(store_->ListClaimPayments(b_.id, id)->empty());
  EXPECT_EQ(store_->GetRemittance(b_.id, remit->id).error().code, "not_found");
  EXPECT_TRUE(store_->ListRemittances(b_.id, {})->remittances.empty());
  EXPECT_TRUE(store_->ListStatusRecords(b_.id, id)->empty());
  // Writes scoped to B cannot touch A's claim either.
  auto moved = Wait<ClaimEvent>([&](auto done) {
    store_->ApplyClaimEvent(
        b_.id, id, {"validated", "", ""}, [](std::string_view) { return Move("VALIDATED"); }, done);
  });
  EXPECT_EQ(moved.error().code, "not_found");
  rem.tenant_id = b_.id;
  auto cross = Wait<Remittance>([&](auto done) { store_->InsertRemittance(rem, done); });
  EXPECT_EQ(cross.error().code, "not_found");
  st.tenant_id = b_.id;
  auto cross_status = Wait<StatusRecord>([&](auto done) { store_->InsertStatusRecord(st, done); });
  EXPECT_EQ(cross_status.error().code, "not_found");
}

TEST_F(SqliteStoreTest, ListClaimsFiltersAndPagesWithAnOpaqueCursor) {
  for (int i = 0; i < 25; ++i) {
    auto c = SyntheticClaim(a_.id, "P" + std::to_string(i), i % 2 == 0 ? "PAYER1" : "PAYER2");
    ASSERT_TRUE(Insert(*store_, c));
  }
  ASSERT_TRUE(Insert(*store_, SyntheticClaim(b_.id, "P0")));
  std::set<std::string> seen;
  ClaimFilter f;
  f.limit = 10;
  int pages = 0;
  do {
    auto page = store_->ListClaims(a_.id, f);
    ASSERT_TRUE(page);
    for (const auto& c : page->claims) {
      EXPECT_EQ(c.tenant_id, a_.id);
      EXPECT_TRUE(c.encounter_json.empty());
      seen.insert(c.id);
    }
    f.cursor = page->next_cursor;
    ++pages;
  } while (!f.cursor.empty());
  EXPECT_EQ(seen.size(), 25u);
  EXPECT_EQ(pages, 3);
  ClaimFilter by_payer;
  by_payer.payer_id = "PAYER2";
  by_payer.limit = 100;
  EXPECT_EQ(store_->ListClaims(a_.id, by_payer)->claims.size(), 12u);
  ClaimFilter by_pcn;
  by_pcn.patient_control_number = "P7";
  auto one = store_->ListClaims(a_.id, by_pcn);
  ASSERT_EQ(one->claims.size(), 1u);
  EXPECT_EQ(one->claims[0].patient_control_number, "P7");
  ClaimFilter by_state;
  by_state.state = "QUEUED";
  EXPECT_TRUE(store_->ListClaims(a_.id, by_state)->claims.empty());
  ClaimFilter future;
  future.since_ms = NowMs() + 60000;
  EXPECT_TRUE(store_->ListClaims(a_.id, future)->claims.empty());
  ClaimFilter bad;
  bad.cursor = "not-a-cursor";
  EXPECT_EQ(store_->ListClaims(a_.id, bad).error().code, "bad_cursor");
  bad.cursor = EncodeCursor("remittances", 3);
  EXPECT_EQ(store_->ListClaims(a_.id, bad).error().code, "bad_cursor");
}

TEST_F(SqliteStoreTest, TransitionsAreAtomicWithTheirEventsAndRefusalsRecordNothing) {
  auto claim = Insert(*store_, SyntheticClaim(a_.id, "PCN-T"));
  ASSERT_TRUE(claim);
  std::string seen_state;
  auto e = Wait<ClaimEvent>([&](auto done) {
    store_->ApplyClaimEvent(
        a_.id, claim->claim_id, {"validated", "edits passed", ""},
        [&](std::string_view s) {
          seen_state = s;
          return Move("VALIDATED");
        },
        done);
  });
  ASSERT_TRUE(e);
  EXPECT_EQ(seen_state, "RECEIVED");
  EXPECT_EQ(e->seq, 2);
  EXPECT_EQ(e->from_state, "RECEIVED");
  EXPECT_EQ(e->to_state, "VALIDATED");
  auto refused = Wait<ClaimEvent>([&](auto done) {
    store_->ApplyClaimEvent(
        "", claim->claim_id, {"paid", "", ""},
        [](std::string_view) {
          return TransitionDecision{TransitionDecision::Kind::kRefuse, "", "never sent"};
        },
        done);
  });
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "transition_refused");
  EXPECT_EQ(refused.error().message, "never sent");
  auto recorded = Wait<ClaimEvent>([&](auto done) {
    store_->ApplyClaimEvent(
        "", claim->claim_id, {"note", "late", "inb_1"},
        [](std::string_view) {
          return TransitionDecision{TransitionDecision::Kind::kRecordOnly, "", "kept"};
        },
        done);
  });
  ASSERT_TRUE(recorded);
  EXPECT_EQ(recorded->to_state, "VALIDATED");
  auto events = store_->ListClaimEvents(a_.id, claim->claim_id);
  ASSERT_TRUE(events);
  ASSERT_EQ(events->size(), 3u);
  EXPECT_EQ((*events)[2].detail, "late (kept)");
  EXPECT_EQ((*events)[2].source_ref, "inb_1");
  EXPECT_EQ(store_->GetClaim(a_.id, claim->claim_id, false)->state, "VALIDATED");
  EXPECT_EQ(store_->GetClaim(a_.id, claim->claim_id, false)->event_count, 3);
  ASSERT_TRUE(Insert(*store_, SyntheticClaim(b_.id, "PCN-T")));
  auto counts = store_->CountClaimsByState();
  ASSERT_TRUE(counts);
  EXPECT_EQ(*counts, (std::map<std::string, int64_t>{{"RECEIVED", 1}, {"VALIDATED", 1}}));
}

TEST_F(SqliteStoreTest, ClaimEventsAndAuditLogAreAppendOnlyInTheSchema) {
  ASSERT_TRUE(Insert(*store_, SyntheticClaim(a_.id, "PCN-X")));
  AuditEntry e{0, a_.id, "key_1", "claim.read", "clm_1", "127.0.0.1", "ok", ""};
  ASSERT_TRUE(Wait<void>([&](auto done) { store_->AppendAudit(e, done); }));
  store_.reset();
  auto db = Db::Open(dir_.File("var/claimgate.db"), false, false, 1000);
  ASSERT_TRUE(db);
  EXPECT_FALSE((*db)->Exec("UPDATE claim_events SET detail = 'x'"));
  EXPECT_FALSE((*db)->Exec("DELETE FROM claim_events"));
  EXPECT_FALSE((*db)->Exec("UPDATE audit_log SET outcome = 'x'"));
  EXPECT_FALSE((*db)->Exec("DELETE FROM audit_log"));
}

TEST_F(SqliteStoreTest, AuditLogKeepsWhoWhatWhenWhereAndOutcome) {
  AuditEntry e{0, a_.id, "key_1", "claim.read", "clm_1", "127.0.0.1", "denied", "role"};
  ASSERT_TRUE(Wait<void>([&](auto done) { store_->AppendAudit(e, done); }));
  AuditEntry other{0, b_.id, "key_2", "claim.create", "clm_2", "10.0.0.2", "ok", ""};
  ASSERT_TRUE(Wait<void>([&](auto done) { store_->AppendAudit(other, done); }));
  AuditFilter f;
  f.tenant_id = a_.id;
  auto list = store_->ListAudit(f);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].actor, "key_1");
  EXPECT_EQ((*list)[0].outcome, "denied");
  EXPECT_EQ((*list)[0].remote, "127.0.0.1");
  EXPECT_GT((*list)[0].at_ms, 0);
  EXPECT_EQ(store_->ListAudit({})->size(), 2u);
}

TEST_F(SqliteStoreTest, ControlNumbersNeverRepeatAcrossReopen) {
  std::set<int64_t> seen;
  for (int i = 0; i < 5; ++i) {
    auto first =
        Wait<int64_t>([&](auto done) { store_->AllocateControlNumbers("ISA:S:R", 3, done); });
    ASSERT_TRUE(first);
    for (int64_t n = *first; n < *first + 3; ++n) EXPECT_TRUE(seen.insert(n).second);
  }
  store_ = OpenStore(dir_.File("var/claimgate.db"));
  auto next = Wait<int64_t>([&](auto done) { store_->AllocateControlNumbers("ISA:S:R", 1, done); });
  ASSERT_TRUE(next);
  EXPECT_EQ(*next, 16);
  auto other =
      Wait<int64_t>([&](auto done) { store_->AllocateControlNumbers("ISA:S:X", 1, done); });
  EXPECT_EQ(*other, 1);
  auto huge =
      Wait<int64_t>([&](auto done) { store_->AllocateControlNumbers("ISA:S:R", 999999999, done); });
  ASSERT_FALSE(huge);
  EXPECT_EQ(huge.error().code, "exhausted");
}

TEST_F(SqliteStoreTest, InterchangeStoresItsBytesAndBatchesItsClaimsAtomically) {
  auto c1 = Insert(*store_, SyntheticClaim(a_.id, "PCN-1"));
  auto c2 = Insert(*store_, SyntheticClaim(a_.id, "PCN-2"));
  ASSERT_TRUE(c1 && c2);
  NewInterchange x;
  x.payer_id = "PAYER1";
  x.sender_id = "SENDER";
  x.receiver_id = "RECV";
  x.isa13 = 42;
  x.gs06 = 42;
  x.file_name = "out.x12";
  x.bytes = "ISA*00*...~IEA*1*000000042~";
  x.claim_ids = {c1->claim_id, c2->claim_id};
  x.batch_transition = [](std::string_view) { return Move("BATCHED"); };
  auto made = Wait<Interchange>([&](auto done) { store_->InsertInterchange(x, done); });
  ASSERT_TRUE(made) << made.error().message;
  EXPECT_EQ(made->state, "BUILT");
  EXPECT_EQ(made->sha256_hex, Sha256Hex(x.bytes));
  EXPECT_EQ(made->claim_ids.size(), 2u);
  EXPECT_EQ(store_->GetClaim(a_.id, c1->claim_id, false)->state, "BATCHED");
  EXPECT_EQ(store_->GetClaim(a_.id, c1->claim_id, false)->interchange_id, made->id);
  auto bytes = store_->GetInterchange(made->id, true);
  ASSERT_TRUE(bytes);
  EXPECT_EQ(bytes->bytes, x.bytes);
  auto found = store_->FindInterchangeByIsa13("SENDER", "RECV", 42);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, made->id);
  auto sent = Wait<Interchange>([&](auto done) {
    store_->UpdateInterchange(made->id, {"SENT", true, false, ""}, done);
  });
  ASSERT_TRUE(sent);
  EXPECT_EQ(sent->attempts, 1);
  EXPECT_EQ(store_->ListInterchanges("PAYER1", "SENT", 10)->size(), 1u);
  // Same ISA13 again: refused, and the refusal leaves no partial batch behind.
  auto c3 = Insert(*store_, SyntheticClaim(a_.id, "PCN-3"));
  x.id.clear();
  x.claim_ids = {c3->claim_id};
  auto dup = Wait<Interchange>([&](auto done) { store_->InsertInterchange(x, done); });
  ASSERT_FALSE(dup);
  EXPECT_EQ(store_->GetClaim(a_.id, c3->claim_id, false)->state, "RECEIVED");
  EXPECT_EQ(store_->ListClaimEvents(a_.id, c3->claim_id)->size(), 1u);
}

TEST_F(SqliteStoreTest, InboundFilesAreDeduplicatedBySha256) {
  NewInboundFile f{"", "PAYER1", "835", "era.835", "ISA*synthetic 835~"};
  auto first = Wait<InboundFileInsert>([&](auto done) { store_->InsertInboundFile(f, done); });
  ASSERT_TRUE(first);
  EXPECT_FALSE(first->duplicate);
  auto again = Wait<InboundFileInsert>([&](auto done) { store_->InsertInboundFile(f, done); });
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->duplicate);
  EXPECT_EQ(again->id, first->id);
  auto done_file = Wait<InboundFile>(
      [&](auto done) { store_->UpdateInboundFile(first->id, "PROCESSED", "", done); });
  ASSERT_TRUE(done_file);
  EXPECT_EQ(done_file->state, "PROCESSED");
  auto got = store_->GetInboundFile(first->id, true);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->bytes, f.bytes);
  EXPECT_EQ(got->sha256_hex, Sha256Hex(f.bytes));
}

TEST_F(SqliteStoreTest, RemittanceKeepsPaymentsAdjustmentsServicesAndPlb) {
  auto claim = Insert(*store_, SyntheticClaim(a_.id, "PCN-R"));
  NewRemittance r;
  r.tenant_id = a_.id;
  r.payer_id = "PAYER1";
  r.trace_number = "TRN1";
  r.total_paid_cents = 9000;
  ClaimPayment cp{"PCN-R",
                  claim->claim_id,
                  "1",
                  12500,
                  9000,
                  1000,
                  "PCCN",
                  R"({"m":"X1"})",
                  {{"CO", "45", 2500, ""}},
                  {},
                  {{"MOA", "MA01"}}};
  cp.services.push_back(ServicePayment{"HC:99213",
                                       12500,
                                       9000,
                                       "1",
                                       "L1",
                                       "20260101",
                                       {{"PR", "2", 1000, "1"}},
                                       {{"HE", "N130"}, {"HE", "M15"}}});
  r.claims.push_back(cp);
  r.claims.push_back(ClaimPayment{"UNMATCHED", "", "4", 500, 0, 0, "", "{}", {}, {}, {}});
  r.provider_adjustments.push_back(ProviderAdjustment{"1234567893", "20261231", "WO", "R1", -500});
  auto made = Wait<Remittance>([&](auto done) { store_->InsertRemittance(r, done); });
  ASSERT_TRUE(made);
  auto got = store_->GetRemittance(a_.id, made->id);
  ASSERT_TRUE(got);
  ASSERT_EQ(got->claims.size(), 2u);
  const auto& p = got->claims[0];
  EXPECT_EQ(p.patient_json, R"({"m":"X1"})");
  ASSERT_EQ(p.adjustments.size(), 1u);
  EXPECT_EQ(p.adjustments[0].reason_code, "45");
  ASSERT_EQ(p.services.size(), 1u);
  EXPECT_EQ(p.services[0].service_date, "20260101");
  ASSERT_EQ(p.services[0].adjustments.size(), 1u);
  EXPECT_EQ(p.services[0].adjustments[0].group_code, "PR");
  ASSERT_EQ(p.services[0].remarks.size(), 2u);
  EXPECT_EQ(p.services[0].remarks[1].qualifier, "HE");
  EXPECT_EQ(p.services[0].remarks[1].code, "M15");
  ASSERT_EQ(p.remarks.size(), 1u);
  EXPECT_EQ(p.remarks[0].qualifier, "MOA");
  EXPECT_EQ(p.remarks[0].code, "MA01");
  EXPECT_TRUE(got->claims[1].remarks.empty());
  ASSERT_EQ(got->provider_adjustments.size(), 1u);
  EXPECT_EQ(got->provider_adjustments[0].amount_cents, -500);
  auto payments = store_->ListClaimPayments(a_.id, claim->claim_id);
  ASSERT_EQ(payments->size(), 1u);
  EXPECT_EQ((*payments)[0].paid_cents, 9000);
}

TEST_F(SqliteStoreTest, UnmatchedStatusRecordsStayVisible) {
  StatusRecord s;
  s.payer_id = "PAYER1";
  s.source = "277CA";
  s.patient_control_number = "NOPE";
  s.category_code = "A3";
  s.detail = "synthetic free text";
  ASSERT_TRUE(Wait<StatusRecord>([&](auto done) { store_->InsertStatusRecord(s, done); }));
  auto list = store_->ListUnmatchedStatus(10);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].detail, "synthetic free text");
}

TEST_F(SqliteStoreTest, ValuesDoNotDecryptWithAnotherKeyAndTheStoreRefusesIt) {
  auto claim = Insert(*store_, SyntheticClaim(a_.id, "PCN-K"));
  ASSERT_TRUE(claim);
  store_.reset();
  const std::string path = dir_.File("var/claimgate.db");
  SqliteOptions o;
  o.path = path;
  o.keyring = testing::TestKeys('z');
  auto refused = SqliteStore::Open(o);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "wrong_store_key");
  // The sealed encounter as it lies in the file does not open under the other key.
  auto db = Db::Open(path, false, true, 1000);
  ASSERT_TRUE(db);
  auto s = (*db)->Prepare("SELECT encounter_enc FROM claims WHERE id = ?");
  s.Bind(1, claim->claim_id);
  ASSERT_TRUE(s.Step());
  const std::string aad = Aad("claims.encounter", claim->claim_id);
  auto other = o.keyring->Open(s.Blob(0), aad);
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, "decrypt_failed");
  EXPECT_TRUE(testing::TestKeys()->Open(s.Blob(0), aad));
}

TEST(SqliteStoreOpen, RefusesToOpenWithoutAKey) {
  TempDir dir;
  SqliteOptions o;
  o.path = dir.File("x.db");
  auto s = SqliteStore::Open(o);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, "no_encryption_key");
}

}  // namespace
}  // namespace claimgate::store
