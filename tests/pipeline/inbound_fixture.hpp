// Test world for the inbound importer, the watchdog and the inbound API: a real SQLite store in a
// temporary directory, claims inserted the way the API inserts them (837 body built from
// docs/examples with CLM01 = the claim's "CG..." control number), sent in an interchange built by
// the batcher, and payer responses (TA1, 999, 277CA, 277, 835) written here with the control
// numbers of what was sent. Synthetic data only.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "src/core/encounter_json.hpp"
#include "src/pipeline/batcher.hpp"
#include "src/pipeline/claim_body.hpp"
#include "src/pipeline/lifecycle.hpp"
#include "tests/store/store_test_util.hpp"

namespace claimgate::pipeline::testing {

inline std::string ReadText(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

inline core::PayerConfig TestPayer(const std::string& id = "PAYER1") {
  core::PayerConfig payer;
  payer.id = id;
  payer.isa = {"ZZ", "CLAIMGATE", "ZZ", "PAYERX", 'T'};
  payer.gs = {"CLAIMGATE", "PAYERX"};
  payer.claim_types = {core::ClaimType::kProfessional, core::ClaimType::kInstitutional,
                       core::ClaimType::kDental};
  return payer;
}

struct SentClaim {
  std::string id, pcn, tenant_id, st02;
  uint64_t gs06 = 0;
};

struct Sent {
  std::string interchange_id;
  uint64_t isa13 = 0;
  std::vector<SentClaim> claims;
};

// "000000123"
inline std::string Nine(uint64_t n) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%09llu", static_cast<unsigned long long>(n));
  return buf;
}

inline std::string Pad15(std::string s) {
  s.resize(15, ' ');
  return s;
}

// One transaction set (SE01 counted).
inline std::string Set(const std::string& st01, const std::string& st02, const std::string& st03,
                       const std::vector<std::string>& body) {
  std::string out = "ST*" + st01 + "*" + st02 + (st03.empty() ? "" : "*" + st03) + "~\n";
  for (const std::string& s : body) out += s + "~\n";
  return out + "SE*" + std::to_string(body.size() + 2) + "*" + st02 + "~\n";
}

// An interchange from the payer (PAYERX) to us (CLAIMGATE) with one group holding `sets`.
inline std::string FromPayer(uint64_t isa13, const std::string& functional_id, uint64_t gs06,
                             const std::string& version, const std::vector<std::string>& sets) {
  std::string out = "ISA*00*          *00*          *ZZ*" + Pad15("PAYERX") + "*ZZ*" +
                    Pad15("CLAIMGATE") + "*261127*1200*^*00501*" + Nine(isa13) + "*0*T*:~\n";
  out += "GS*" + functional_id + "*PAYERX*CLAIMGATE*20261127*1200*" + std::to_string(gs06) + "*X*" +
         version + "~\n";
  for (const std::string& s : sets) out += s;
  out += "GE*" + std::to_string(sets.size()) + "*" + std::to_string(gs06) + "~\n";
  return out + "IEA*1*" + Nine(isa13) + "~\n";
}

inline std::string Ta1(uint64_t acked_isa13, const std::string& code, const std::string& note) {
  return "ISA*00*          *00*          *ZZ*" + Pad15("PAYERX") + "*ZZ*" + Pad15("CLAIMGATE") +
         "*261127*1200*^*00501*000000901*0*T*:~\nTA1*" + Nine(acked_isa13) + "*261127*1200*" +
         code + "*" + note + "~\nIEA*0*000000901~\n";
}

// A 999 for group `gs06`: one AK2 per (ST02, IK5 status, IK3/IK4 lines before the IK5).
struct SetAck {
  std::string st02, status;
  std::vector<std::string> errors;  // "IK3*NM1*12*2010BA*8", "IK4*9*67*7*BADVALUE"
};
inline std::string Ack999(uint64_t gs06, const std::vector<SetAck>& sets,
                          const std::string& group_status = "") {
  std::vector<std::string> body = {"AK1*HC*" + std::to_string(gs06) + "*005010X222A1"};
  int accepted = 0;
  for (const SetAck& s : sets) {
    body.push_back("AK2*837*" + s.st02 + "*005010X222A1");
    for (const std::string& e : s.errors) body.push_back(e);
    body.push_back("IK5*" + s.status + (s.status == "A" ? "" : "*5"));
    accepted += (s.status == "A" || s.status == "E") ? 1 : 0;
  }
  std::string ak9 = group_status;
  if (ak9.empty()) {
    ak9 = accepted == static_cast<int>(sets.size()) ? "A" : (accepted == 0 ? "R" : "P");
  }
  body.push_back("AK9*" + ak9 + "*" + std::to_string(sets.empty() ? 1 : sets.size()) + "*" +
                 std::to_string(sets.empty() ? 1 : sets.size()) + "*" + std::to_string(accepted));
  return FromPayer(902, "FA", 9902, "005010X231A1", {Set("999", "0001", "005010X231A1", body)});
}

// A 277CA (or a 277 when `ca` is false) with one claim-level status per (CLM01, STC01).
inline std::string Status277(const std::vector<std::pair<std::string, std::string>>& claims,
                             bool ca = true) {
  std::vector<std::string> body = {
      std::string("BHT*0085*08*BATCH1*20261127*1200*") + (ca ? "TH" : "DG"),
      "HL*1**20*1",
      "NM1*PR*2*SYNTHETIC PAYER*****PI*PAYERX",
      "TRN*1*TRACE1",
      "DTP*050*D8*20261127",
      "HL*2*1*21*1",
      "NM1*41*2*CLAIMGATE*****46*CLAIMGATE",
      "TRN*2*BATCH1",
      "STC*A1:19:PR*20261127*WQ*100",
      "HL*3*2*19*1",
      "NM1*85*2*SYNTHETIC CLINIC*****XX*1234567893"};
  int hl = 4;
  for (const auto& [pcn, stc] : claims) {
    body.push_back("HL*" + std::to_string(hl++) + "*3*PT");
    body.push_back("NM1*QC*1*SAMPLE*PAT****MI*SYNMEMBER");
    body.push_back("TRN*2*" + pcn);
    body.push_back("STC*" + stc + "*20261127*" + (stc.starts_with("A3") ? "U" : "WQ") + "*100");
    body.push_back("REF*1K*PAYERCLM-" + pcn);
  }
  std::string guide = ca ? "005010X214" : "005010X212";
  return FromPayer(903, "HN", 9903, guide, {Set("277", "0001", guide, body)});
}

// An 835 whose claim loops are `claims` (each a CLP line and its CAS/SVC lines), BPR02 = `total`.
inline std::string Remit835(const std::vector<std::vector<std::string>>& claims,
                            const std::string& total, uint64_t isa13 = 904,
                            const std::string& trace = "EFT0001") {
  std::vector<std::string> body = {
      "BPR*I*" + total + "*C*ACH*CCP*01*999999999*DA*123456*1512345678**01*999988880*DA*98765*" +
          "20261127",
      "TRN*1*" + trace + "*1512345678", "N1*PR*SYNTHETIC PAYER*XV*PAYERX",
      "N1*PE*SYNTHETIC CLINIC*XX*1234567893", "LX*1"};
  for (const auto& c : claims) body.insert(body.end(), c.begin(), c.end());
  return FromPayer(isa13, "HP", 9000 + isa13, "005010X221A1",
                   {Set("835", "0001", "005010X221A1", body)});
}

// A store with tenants, claims and sent interchanges.
class World {
 public:
  World() : owned_(store::testing::OpenStore(dir_.File("claimgate.db"))), store_(owned_.get()) {}
  // Works on a store the caller owns (e.g. an API test's).
  explicit World(store::SqliteStore* external) : store_(external) {}

  store::SqliteStore& store() { return *store_; }
  const store::testing::TempDir& dir() const { return dir_; }

  std::string Tenant(const std::string& name) {
    return store::testing::MakeTenant(*store_, name).id;
  }

  // Inserts one claim per (tenant, example file) as the API does (QUEUED), builds one
  // interchange with the batcher (ISA13 `isa13`, GS06 from `gs06`) and marks it SENT.
  Sent Send(const std::vector<std::pair<std::string, std::string>>& claims, uint64_t isa13,
            uint64_t gs06, const core::PayerConfig& payer = TestPayer()) {
    Sent sent;
    std::vector<QueuedClaim> queued;
    for (const auto& [tenant, example] : claims) {
      std::string json = ReadText(std::string(CLAIMGATE_SOURCE_DIR "/docs/examples/") + example);
      core::EncounterParse parse = core::ParseEncounterJson(json);
      EXPECT_EQ(parse.encounters.size(), 1u) << example;
      if (parse.encounters.empty()) return sent;
      edi::hipaa::Encounter encounter = parse.encounters[0];
      char pcn[32];
      std::snprintf(pcn, sizeof pcn, "CG%016llX", static_cast<unsigned long long>(++pcn_seq_));
      encounter.claim.patient_control_number = pcn;
      std::string claim_id = store::NewId("clm");
      auto body = BuildClaimBody(encounter, claim_id, "20261127", "0930");
      EXPECT_TRUE(body) << (body ? "" : body.error().message);
      if (!body) return sent;
      store::NewClaim c;
      c.tenant_id = tenant;
      c.id = claim_id;
      c.patient_control_number = pcn;
      c.payer_id = payer.id;
      c.claim_type = encounter.type == core::ClaimType::kProfessional    ? "837P"
                     : encounter.type == core::ClaimType::kInstitutional ? "837I"
                                                                         : "837D";
      c.total_charge_cents = encounter.claim.charge_cents;
      c.encounter_json = json;
      c.claim_segments = JoinClaimBody(*body);
      c.events = IntakeEvents();
      c.state = "QUEUED";
      auto inserted = store::testing::Insert(*store_, std::move(c));
      EXPECT_TRUE(inserted) << (inserted ? "" : inserted.error().message);
      queued.push_back({claim_id, encounter.type, *body});
      sent.claims.push_back({claim_id, pcn, tenant, "", 0});
      tenant_of_[claim_id] = tenant;
    }
    auto built = BuildBatches(queued, payer, isa13, gs06, std::chrono::system_clock::now());
    EXPECT_TRUE(built) << (built ? "" : built.error().message);
    if (!built) return sent;
    EXPECT_EQ(built->size(), 1u);
    const BuiltInterchange& b = built->front();
    for (const ClaimPlacement& p : b.claims) {
      for (SentClaim& c : sent.claims) {
        if (c.id == p.claim_id) c.st02 = p.st02, c.gs06 = p.gs06;
      }
    }
    store::NewInterchange x;
    x.payer_id = payer.id;
    x.sender_id = payer.isa.sender_id;
    x.receiver_id = payer.isa.receiver_id;
    x.isa13 = static_cast<int64_t>(b.isa13);
    x.gs06 = static_cast<int64_t>(gs06);
    x.file_name = b.file_name;
    x.bytes = b.bytes;
    for (const auto& c : sent.claims) x.claim_ids.push_back(c.id);
    x.batch_transition = Decider(ClaimEventKind::kBatched);
    auto icn = store::Wait<store::Interchange>(
        [&](auto done) { store_->InsertInterchange(std::move(x), done); });
    EXPECT_TRUE(icn) << (icn ? "" : icn.error().message);
    if (!icn) return sent;
    store::InterchangeUpdate u;
    u.state = "SENT";
    u.count_attempt = true;
    EXPECT_TRUE(store::Wait<store::Interchange>(
        [&](auto done) { store_->UpdateInterchange(icn->id, u, done); }));
    for (const auto& c : sent.claims) {
      auto e = store::Wait<store::ClaimEvent>([&](auto done) {
        ApplyEvent(*store_, "", c.id, ClaimEventKind::kSent, "delivered", icn->id, done);
      });
      EXPECT_TRUE(e) << (e ? "" : e.error().message);
    }
    sent.interchange_id = icn->id;
    sent.isa13 = isa13;
    return sent;
  }

  std::string State(const std::string& claim_id) {
    auto c = store_->GetClaim(tenant_of_[claim_id], claim_id, false);
    return c ? c->state : "<" + c.error().code + ">";
  }
  std::string InterchangeState(const std::string& id) {
    auto x = store_->GetInterchange(id, false);
    return x ? x->state : "<" + x.error().code + ">";
  }
  // The detail of the claim's newest event.
  std::string LastDetail(const std::string& claim_id) {
    auto events = store_->ListClaimEvents(tenant_of_[claim_id], claim_id);
    return events && !events->empty() ? events->back().detail : "";
  }
  size_t EventCount(const std::string& claim_id) {
    auto events = store_->ListClaimEvents(tenant_of_[claim_id], claim_id);
    return events ? events->size() : 0;
  }

 private:
  store::testing::TempDir dir_;
  std::unique_ptr<store::SqliteStore> owned_;
  store::SqliteStore* store_;
  uint64_t pcn_seq_ = 0xA1B2C3D400000000ull;
  std::map<std::string, std::string> tenant_of_;  // claim id -> tenant id
};

}  // namespace claimgate::pipeline::testing
