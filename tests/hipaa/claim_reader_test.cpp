// 837 -> Encounter (ClaimReader): claims built by claimgate read back to the same model, and the
// issue's round trip over the shared corpus: 837 -> claim records -> 837 gives the same
// transaction set segment for segment (envelope and BHT aside). A segment the model does not
// carry must be reported by the reader and listed in roundtrip_allowlist.tsv with a reason.
#include "edi/hipaa/claim_reader.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "edi/hipaa/claim_builder.hpp"
#include "edi/segment_reader.hpp"
#include "tests/hipaa/claim_test_util.hpp"
#include "tests/support/corpus_manifest.hpp"

namespace edi::hipaa {
namespace {

namespace fs = std::filesystem;

const schema::SchemaRegistry& Registry() {
  static const auto registry = schema::SchemaRegistry::LoadBuiltIn();
  return **registry;
}

// A decimal written with trailing fraction zeros ("43.00", "1.50") or without its leading zero
// (".75") as its shortest form with one ("43", "1.5", "0.75"): X12 R values that are equal.
// Anything else unchanged.
std::string Decimal(std::string_view v) {
  std::size_t dot = v.find('.');
  if (dot == std::string_view::npos || v.size() < 2) return std::string(v);
  if (dot == 0) return Decimal("0" + std::string(v));
  std::size_t digits_from = v[0] == '-' ? 1 : 0;
  for (std::size_t i = digits_from; i < v.size(); ++i) {
    if (i != dot && (v[i] < '0' || v[i] > '9')) return std::string(v);
  }
  std::string out(v);
  while (out.back() == '0') out.pop_back();
  if (out.back() == '.') out.pop_back();
  return out;
}

// A segment with its elements joined by '*', components by ':' and repetitions by '^', so
// files with different delimiters compare; decimals in their shortest form.
std::string Canonical(const Segment& s) {
  std::string out(s.id());
  const Delimiters& d = s.delimiters();
  for (std::size_t i = 1; i <= s.element_count(); ++i) {
    out.push_back('*');
    for (char c : Decimal(s.element(i))) {
      if (c == d.component) {
        out.push_back(':');
      } else if (d.has_repetition && c == d.repetition) {
        out.push_back('^');
      } else {
        out.push_back(c);
      }
    }
  }
  return out;
}

bool IsEnvelope(std::string_view id) {
  return id == "ISA" || id == "GS" || id == "ST" || id == "SE" || id == "GE" || id == "IEA" ||
         id == "BHT";
}

struct SetBody {
  std::vector<std::string> segments;  // canonical, envelope and BHT left out
  std::vector<bool> carried;          // false: the reader reported it as not (fully) carried
  std::vector<Encounter> claims;
};

struct ReadResult {
  std::vector<SetBody> sets;
  std::map<std::string, UnsupportedSegment> unsupported;
  DiagnosticList findings;
};

std::uint64_t UnsupportedTotal(const ClaimReader& r) {
  std::uint64_t n = 0;
  for (const auto& [k, u] : r.unsupported()) n += u.count;
  return n;
}

void Read(std::string_view x12, ReadResult* out) {
  std::vector<Encounter> pending;
  ClaimReader claims(Registry(), out->findings,
                     [&](Encounter&& e) { pending.push_back(std::move(e)); });
  SegmentReader reader(x12, out->findings);
  Segment s;
  while (reader.Next(&s)) {
    if (s.Is("ST")) out->sets.emplace_back();
    std::uint64_t before = UnsupportedTotal(claims);
    claims.Add(s, reader.header());
    if (s.Is("SE") && !out->sets.empty()) {
      out->sets.back().claims = std::move(pending);
      pending.clear();
    }
    if (IsEnvelope(s.id()) || out->sets.empty()) continue;
    SetBody& set = out->sets.back();
    set.segments.push_back(Canonical(s));
    set.carried.push_back(UnsupportedTotal(claims) == before);
  }
  claims.Finish();
  out->unsupported = claims.unsupported();
}

BuildOptions Options() {
  BuildOptions o;
  o.interchange.sender_id = "SENDER";
  o.interchange.receiver_id = "RECEIVER";
  o.interchange.control_number = 1;
  o.date = "20261127";
  o.time = "1200";
  return o;
}

// The canonical body segments of the sets of a built interchange.
std::vector<std::string> BuiltBody(std::span<const Encounter> claims) {
  auto built = BuildInterchange(claims, Options());
  EXPECT_TRUE(built.has_value());
  if (!built.has_value()) return {};
  ReadResult r;
  Read(*built, &r);
  std::vector<std::string> out;
  for (const SetBody& s : r.sets) out.insert(out.end(), s.segments.begin(), s.segments.end());
  EXPECT_TRUE(r.unsupported.empty()) << "claimgate's own 837 holds a segment its reader drops";
  return out;
}

// ---- Claims built by claimgate read back to the same model.

TEST(ClaimReaderTest, BuiltProfessionalClaimReadsBackSegmentForSegment) {
  std::vector<Encounter> in = {testing::SampleProfessional()};
  auto built = BuildInterchange(in, Options());
  ASSERT_TRUE(built.has_value());
  ReadResult r;
  Read(*built, &r);
  ASSERT_EQ(r.sets.size(), 1u);
  ASSERT_EQ(r.sets[0].claims.size(), 1u);
  const Encounter& e = r.sets[0].claims[0];
  EXPECT_EQ(e.claim.patient_control_number, "PCN0001");
  EXPECT_EQ(e.claim.charge_cents, 14500);
  EXPECT_EQ(e.claim.service_lines.size(), 2u);
  EXPECT_EQ(e.claim.service_lines[0].modifiers, std::vector<std::string>{"25"});
  EXPECT_EQ(e.claim.service_lines[0].diagnosis_pointers, (std::vector<int>{1, 2}));
  EXPECT_EQ(e.billing.npi, in[0].billing.npi);
  EXPECT_EQ(e.subscriber.member_id, "SYN000111");
  EXPECT_EQ(e.claim.diagnoses.at(0).value, "J069");
  EXPECT_TRUE(r.unsupported.empty());
  EXPECT_EQ(BuiltBody(r.sets[0].claims), r.sets[0].segments);
}

TEST(ClaimReaderTest, InstitutionalClaimKeepsCodesDatesAndAttending) {
  std::vector<Encounter> in = {testing::SampleInstitutional()};
  auto built = BuildInterchange(in, Options());
  ASSERT_TRUE(built.has_value());
  ReadResult r;
  Read(*built, &r);
  ASSERT_EQ(r.sets.size(), 1u);
  ASSERT_EQ(r.sets[0].claims.size(), 1u);
  const Encounter& e = r.sets[0].claims[0];
  EXPECT_EQ(e.type, ClaimType::kInstitutional);
  EXPECT_EQ(e.claim.statement_begin_date, in[0].claim.statement_begin_date);
  EXPECT_EQ(e.claim.statement_end_date, in[0].claim.statement_end_date);
  EXPECT_EQ(e.claim.drg, in[0].claim.drg);
  EXPECT_EQ(e.attending.npi, in[0].attending.npi);
  EXPECT_EQ(e.attending.taxonomy_code, in[0].attending.taxonomy_code);
  EXPECT_EQ(e.claim.principal_diagnosis.poa, in[0].claim.principal_diagnosis.poa);
  EXPECT_TRUE(r.unsupported.empty());
  EXPECT_EQ(BuiltBody(r.sets[0].claims), r.sets[0].segments);
}

TEST(ClaimReaderTest, EmitsOneRecordPerClaimInFileOrderWithSharedContext) {
  std::vector<Encounter> in;
  for (int i = 0; i < 5; ++i) {
    Encounter e = testing::SampleProfessional();
    e.claim.patient_control_number = "PCN" + std::to_string(i);
    if (i % 2 == 1) {
      e.has_dependent = true;
      e.dependent.first_name = "KID";
      e.dependent.last_name = "SAMPLE";
      e.dependent.date_of_birth = "20150101";
      e.dependent.gender = "M";
      e.dependent.relationship_to_subscriber = "19";
    }
    in.push_back(e);
  }
  auto built = BuildInterchange(in, Options());
  ASSERT_TRUE(built.has_value());
  std::vector<std::string> order;
  DiagnosticList findings;
  std::size_t dependents = 0;
  ClaimReader claims(Registry(), findings, [&](Encounter&& e) {
    order.push_back(e.claim.patient_control_number);
    EXPECT_EQ(e.billing.npi, "1234567893");  // 2000A context reaches every claim
    if (e.has_dependent) {
      ++dependents;
      EXPECT_EQ(e.dependent.relationship_to_subscriber, "19");
    }
  });
  SegmentReader reader(*built, findings);
  Segment s;
  while (reader.Next(&s)) claims.Add(s, reader.header());
  claims.Finish();
  // The builder groups the subscriber's own claims before the dependent's (one 2000B).
  EXPECT_EQ(order, (std::vector<std::string>{"PCN0", "PCN2", "PCN4", "PCN1", "PCN3"}));
  EXPECT_EQ(dependents, 2u);
  EXPECT_EQ(claims.claims(), 5u);
}

TEST(ClaimReaderTest, ReportsSegmentsTheModelDoesNotCarry) {
  std::vector<Encounter> in = {testing::SampleProfessional()};
  auto built = BuildInterchange(in, Options());
  ASSERT_TRUE(built.has_value());
  // Two claim-level K3 (file information): not in the encounter model.
  std::string x12 = *built;
  std::size_t hi = x12.find("~HI*");
  ASSERT_NE(hi, std::string::npos);
  x12.insert(hi, "~K3*STATE DATA ONE~K3*STATE DATA TWO");
  // Fix SE01 for the two added segments.
  std::size_t se = x12.find("~SE*");
  std::size_t star = x12.find('*', se + 4);
  int count = std::stoi(x12.substr(se + 4, star - se - 4));
  x12.replace(se + 4, star - se - 4, std::to_string(count + 2));
  ReadResult r;
  Read(x12, &r);
  ASSERT_EQ(r.unsupported.size(), 1u);
  const UnsupportedSegment& u = r.unsupported.begin()->second;
  EXPECT_EQ(u.segment, "K3");
  EXPECT_EQ(u.loop, "2300");
  EXPECT_EQ(u.count, 2u);
  std::size_t warnings = 0;
  for (const Diagnostic& d : r.findings.items()) {
    if (d.segment_id == "K3" && d.severity == Severity::kWarning) ++warnings;
  }
  EXPECT_EQ(warnings, 1u);  // one finding per segment and loop, with the count kept
  ASSERT_EQ(r.sets.at(0).claims.size(), 1u);
  EXPECT_EQ(r.sets[0].claims[0].claim.patient_control_number, "PCN0001");
}

// ---- The corpus round trip.

struct AllowEntry {
  std::string reason;
  bool used = false;
};

// file \t segment \t loop \t reason
std::map<std::string, AllowEntry> LoadAllowList() {
  std::ifstream in(CLAIMGATE_TEST_DATA_DIR "/roundtrip_allowlist.tsv");
  std::map<std::string, AllowEntry> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> c;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, '\t')) c.push_back(cell);
    if (c.size() < 4 || c[3].empty()) {
      ADD_FAILURE() << "allow-list line without a reason: " << line;
      continue;
    }
    out[c[0] + "\t" + c[1] + "\t" + c[2]] = {c[3], false};
  }
  return out;
}

// Longest common subsequence of two segment lists: which indices of each side are matched.
void Match(const std::vector<std::string>& a, const std::vector<std::string>& b,
           std::vector<bool>* in_a, std::vector<bool>* in_b) {
  std::vector<std::vector<std::uint32_t>> t(a.size() + 1, std::vector<std::uint32_t>(b.size() + 1));
  for (std::size_t i = a.size(); i-- > 0;) {
    for (std::size_t j = b.size(); j-- > 0;) {
      t[i][j] = a[i] == b[j] ? t[i + 1][j + 1] + 1 : std::max(t[i + 1][j], t[i][j + 1]);
    }
  }
  in_a->assign(a.size(), false);
  in_b->assign(b.size(), false);
  for (std::size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (a[i] == b[j]) {
      (*in_a)[i++] = true;
      (*in_b)[j++] = true;
    } else if (t[i + 1][j] >= t[i][j + 1]) {
      ++i;
    } else {
      ++j;
    }
  }
}

std::string IdOf(const std::string& canonical) { return canonical.substr(0, canonical.find('*')); }

TEST(ClaimReaderCorpusTest, ValidCorpus837sRoundTripSegmentForSegment) {
  std::vector<std::string> files = claimgate::testing::ValidCorpusClaimFiles(CLAIMGATE_CORPUS_DIR);
  ASSERT_GE(files.size(), 10u) << "corpus not found at " << CLAIMGATE_CORPUS_DIR;
  std::map<std::string, AllowEntry> allow = LoadAllowList();
  std::size_t exact = 0;
  for (const std::string& file : files) {
    SCOPED_TRACE(file);
    std::ifstream in(fs::path(CLAIMGATE_CORPUS_DIR) / file, std::ios::binary);
    std::string x12((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    ReadResult r;
    Read(x12, &r);
    ASSERT_FALSE(r.sets.empty());
    for (const auto& [key, u] : r.unsupported) {
      auto it = allow.find(file + "\t" + u.segment + "\t" + u.loop);
      if (it == allow.end()) {
        ADD_FAILURE() << "segment " << u.segment << " in loop " << u.loop
                      << " is not carried by the encounter model and not in the allow-list";
      } else {
        it->second.used = true;
      }
    }
    bool same = r.unsupported.empty();
    for (const SetBody& set : r.sets) {
      ASSERT_FALSE(set.claims.empty());
      std::vector<std::string> rebuilt = BuiltBody(set.claims);
      if (r.unsupported.empty()) {
        std::size_t i = 0;
        while (i < rebuilt.size() && i < set.segments.size() && rebuilt[i] == set.segments[i]) ++i;
        bool equal = rebuilt.size() == set.segments.size() && i == rebuilt.size();
        EXPECT_TRUE(equal) << "first difference at body segment " << i + 1 << ": original "
                           << (i < set.segments.size() ? set.segments[i] : "(end)")
                           << ", rebuilt " << (i < rebuilt.size() ? rebuilt[i] : "(end)");
        same = same && equal;
        continue;
      }
      // Every difference must be a segment the reader reported: dropped, or rebuilt without
      // the elements the model lacks (then it shows once on each side, with the same id).
      std::vector<bool> kept, made;
      Match(set.segments, rebuilt, &kept, &made);
      std::map<std::string, int> partial;
      for (std::size_t i = 0; i < set.segments.size(); ++i) {
        if (kept[i]) continue;
        // A structural finding (HL04/SBR02) is reported at the claim that reveals it.
        std::string id = IdOf(set.segments[i]);
        bool named = std::any_of(r.unsupported.begin(), r.unsupported.end(), [&](const auto& u) {
          return u.second.segment.find(id) != std::string::npos && u.second.loop == "2000B";
        });
        EXPECT_TRUE(!set.carried[i] || named)
            << "lost in the round trip but not reported: " << set.segments[i] << " (segment "
            << i + 1 << ")";
        ++partial[IdOf(set.segments[i])];
      }
      for (std::size_t j = 0; j < rebuilt.size(); ++j) {
        if (made[j]) continue;
        std::string id = IdOf(rebuilt[j]);
        EXPECT_GT(partial[id]--, 0) << "the rebuilt set has a segment the original lacks: " << id
                                    << " (rebuilt segment " << j + 1 << ": " << rebuilt[j] << ")";
      }
    }
    if (same) ++exact;
  }
  for (const auto& [key, entry] : allow) {
    EXPECT_TRUE(entry.used) << "stale allow-list entry (the model carries it now?): " << key;
  }
  std::cout << "[ corpus ] " << files.size() << " valid 837 files, " << exact
            << " round-trip exactly with nothing left out\n";
}

}  // namespace
}  // namespace edi::hipaa
