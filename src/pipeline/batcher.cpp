#include "src/pipeline/batcher.hpp"

#include <ctime>

#include "edi/hipaa/claim_builder.hpp"
#include "edi/writer.hpp"
#include "src/store/crypto.hpp"

namespace claimgate::pipeline {
namespace {

using core::ClaimType;

constexpr ClaimType kTypeOrder[] = {ClaimType::kProfessional, ClaimType::kInstitutional,
                                    ClaimType::kDental};
// Upper bounds of envelope bytes: ISA (106) + IEA, and GS + GE per group.
constexpr uint64_t kInterchangeOverhead = 106 + 20;
constexpr uint64_t kGroupOverhead = 3 + 2 + 16 + 16 + 9 + 5 + 10 + 2 + 13 + 1 + 20;

uint64_t SetBytes(const QueuedClaim& claim) {
  uint64_t bytes = 7 + 5 + 13 + 1;  // ST*837*nnnn*005010X222A1~
  bytes += 3 + 7 + 5 + 1;           // SE*count*nnnn~
  for (const std::string& s : claim.body_segments) bytes += s.size() + 1;
  return bytes;
}

std::string Utc(std::chrono::system_clock::time_point t, const char* format) {
  std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  size_t n = std::strftime(buf, sizeof(buf), format, &tm);
  return std::string(buf, n);
}

}  // namespace

size_t PlannedInterchange::claim_count() const {
  size_t n = 0;
  for (const PlannedGroup& g : groups) n += g.claims.size();
  return n;
}

std::string_view ImplementationGuide(ClaimType type) { return edi::hipaa::GuideFor(type); }

edi::Result<std::vector<PlannedInterchange>> PlanBatches(const std::vector<QueuedClaim>& claims,
                                                         const core::PayerConfig& payer) {
  const uint64_t max_bytes = payer.batching.max_interchange_bytes;
  const size_t max_claims = static_cast<size_t>(payer.batching.max_claims);
  std::vector<PlannedInterchange> plans;
  PlannedInterchange current;
  uint64_t current_bytes = kInterchangeOverhead;
  for (ClaimType type : kTypeOrder) {
    for (size_t i = 0; i < claims.size(); ++i) {
      if (claims[i].type != type) continue;
      if (!payer.Accepts(type)) {
        return edi::Error{"claim_type_not_accepted", "payer " + payer.id + " does not accept " +
                                                         std::string(core::ClaimTypeName(type)) +
                                                         " claims (claim " + claims[i].claim_id +
                                                         ")"};
      }
      const uint64_t set_bytes = SetBytes(claims[i]);
      if (kInterchangeOverhead + kGroupOverhead + set_bytes > max_bytes) {
        return edi::Error{"claim_too_large", "claim " + claims[i].claim_id + " (" +
                                                 std::to_string(set_bytes) +
                                                 " bytes) does not fit max_interchange_bytes"};
      }
      const bool new_group = current.groups.empty() || current.groups.back().type != type;
      const uint64_t add = set_bytes + (new_group ? kGroupOverhead : 0);
      if (!current.groups.empty() &&
          (current.claim_count() >= max_claims || current_bytes + add > max_bytes)) {
        plans.push_back(std::move(current));
        current = PlannedInterchange{};
        current_bytes = kInterchangeOverhead;
      }
      if (current.groups.empty() || current.groups.back().type != type) {
        current.groups.push_back(PlannedGroup{type, {}});
        current_bytes += kGroupOverhead;
      }
      current.groups.back().claims.push_back(i);
      current_bytes += set_bytes;
    }
  }
  if (!current.groups.empty()) plans.push_back(std::move(current));
  return plans;
}

edi::Result<BuiltInterchange> BuildInterchange(const PlannedInterchange& plan,
                                               const std::vector<QueuedClaim>& claims,
                                               const core::PayerConfig& payer,
                                               const EnvelopeNumbers& numbers,
                                               std::chrono::system_clock::time_point created) {
  if (numbers.gs06.size() != plan.groups.size()) {
    return edi::Error{"envelope_numbers", "one GS06 per planned group is needed"};
  }
  BuiltInterchange out;
  out.isa13 = numbers.isa13;
  edi::InterchangeWriter writer(&out.bytes);
  edi::InterchangeParams isa;
  isa.sender_qualifier = payer.isa.sender_qualifier;
  isa.sender_id = payer.isa.sender_id;
  isa.receiver_qualifier = payer.isa.receiver_qualifier;
  isa.receiver_id = payer.isa.receiver_id;
  isa.date = Utc(created, "%y%m%d");
  isa.time = Utc(created, "%H%M");
  isa.control_number = numbers.isa13;
  isa.ack_requested = payer.companion.ta1_requested;
  isa.usage = payer.isa.usage;
  writer.BeginInterchange(isa);
  for (size_t g = 0; g < plan.groups.size(); ++g) {
    const PlannedGroup& group = plan.groups[g];
    edi::GroupParams gs;
    gs.sender = payer.gs.sender_code;
    gs.receiver = payer.gs.receiver_code;
    gs.date = Utc(created, "%Y%m%d");
    gs.time = Utc(created, "%H%M");
    gs.control_number = numbers.gs06[g];
    gs.version = std::string(ImplementationGuide(group.type));
    writer.BeginGroup(gs);
    uint64_t st = 0;
    for (size_t index : group.claims) {
      const QueuedClaim& claim = claims.at(index);
      const std::string st02 = edi::FormatControlNumber(++st, 4);
      writer.BeginTransaction("837", st02, gs.version);
      for (const std::string& segment : claim.body_segments) {
        size_t star = segment.find('*');
        writer.body().Begin(std::string_view(segment).substr(0, star));
        while (star != std::string::npos) {
          const size_t next = segment.find('*', star + 1);
          writer.body().AddRaw(std::string_view(segment).substr(
              star + 1, next == std::string::npos ? std::string::npos : next - star - 1));
          star = next;
        }
        writer.body().End();
      }
      writer.EndTransaction();
      out.claims.push_back(ClaimPlacement{claim.claim_id, numbers.isa13, numbers.gs06[g], st02});
    }
    writer.EndGroup();
  }
  writer.EndInterchange();
  if (edi::Result<void> done = writer.Finish(); !done) return done.error();
  if (out.bytes.size() > payer.batching.max_interchange_bytes) {
    return edi::Error{"interchange_too_large", "interchange exceeds max_interchange_bytes"};
  }
  out.sha256_hex = store::Sha256Hex(out.bytes);
  std::string pattern = payer.companion.file_name_pattern;
  if (pattern.empty()) {
    pattern = payer.transport == core::TransportKind::kSftp ? payer.sftp.file_name_pattern
                                                            : "{payer}_{isa13}_{date}{time}.x12";
  }
  out.file_name =
      core::ExpandFileName(pattern, {edi::FormatControlNumber(numbers.isa13, 9),
                                     Utc(created, "%Y%m%d"), Utc(created, "%H%M%S"), payer.id, ""});
  return out;
}

edi::Result<std::vector<BuiltInterchange>> BuildBatches(
    const std::vector<QueuedClaim>& claims, const core::PayerConfig& payer, uint64_t first_isa13,
    uint64_t first_gs06, std::chrono::system_clock::time_point created) {
  edi::Result<std::vector<PlannedInterchange>> plans = PlanBatches(claims, payer);
  if (!plans) return plans.error();
  std::vector<BuiltInterchange> built;
  uint64_t isa13 = first_isa13;
  uint64_t gs06 = first_gs06;
  for (const PlannedInterchange& plan : *plans) {
    EnvelopeNumbers numbers{isa13++, {}};
    for (size_t g = 0; g < plan.groups.size(); ++g) numbers.gs06.push_back(gs06++);
    edi::Result<BuiltInterchange> one = BuildInterchange(plan, claims, payer, numbers, created);
    if (!one) return one.error();
    built.push_back(std::move(*one));
  }
  return built;
}

}  // namespace claimgate::pipeline
