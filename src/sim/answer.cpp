#include "src/sim/answer.hpp"

#include <algorithm>
#include <map>
#include <memory>

#include "edi/ack.hpp"
#include "edi/hipaa/claim_reader.hpp"
#include "edi/schema.hpp"
#include "edi/segment_reader.hpp"
#include "edi/x12_validator.hpp"
#include "src/sim/response_writers.hpp"

namespace claimgate::sim {
namespace {

std::string Trim(std::string_view text) {
  std::size_t b = text.find_first_not_of(' ');
  if (b == std::string_view::npos) return "";
  std::size_t e = text.find_last_not_of(' ');
  return std::string(text.substr(b, e - b + 1));
}

const edi::schema::SchemaRegistry* Registry() {
  static const auto registry = edi::schema::SchemaRegistry::LoadBuiltIn();
  return registry ? registry->get() : nullptr;
}

bool HasEnvelopeError(const std::vector<edi::Diagnostic>& findings) {
  return std::any_of(findings.begin(), findings.end(), [](const edi::Diagnostic& d) {
    return d.severity == edi::Severity::kError && !edi::Ta1NoteCode(d).empty();
  });
}

}  // namespace

void RejectSets(const edi::InterchangeSummary& ic, std::string_view keep_id,
                std::string_view reason, std::vector<edi::Diagnostic>* findings) {
  for (const edi::GroupSummary& g : ic.groups) {
    for (const edi::TransactionSetSummary& ts : g.transaction_sets) {
      if (!keep_id.empty() && ts.id == keep_id) continue;
      edi::Diagnostic d{edi::DiagCode::kSituationalValue, edi::Severity::kError, {}, "ST",
                        std::string(reason), "", ""};
      d.pos.segment = ts.first_segment;
      d.pos.segment_in_set = 1;
      d.pos.element = 1;
      d.pos.byte_offset = ts.byte_offset;
      findings->push_back(std::move(d));
    }
  }
}

ResponseHeader ResponseHeaderFor(const edi::InterchangeSummary& ic, const edi::GroupSummary* group,
                                 const AnswerContext& context, std::uint64_t control_number) {
  ResponseHeader h;
  const edi::InterchangeHeader& isa = ic.header;
  h.sender_qualifier = Trim(isa.receiver_qualifier());
  h.sender_id = Trim(isa.receiver_id());
  h.receiver_qualifier = Trim(isa.sender_qualifier());
  h.receiver_id = Trim(isa.sender_id());
  h.gs_sender = group != nullptr ? group->receiver : h.sender_id;
  h.gs_receiver = group != nullptr ? group->sender : h.receiver_id;
  h.usage = isa.usage() == "P" ? 'P' : 'T';
  h.control_number = control_number;
  h.date = context.date;
  h.time = context.time;
  h.received_control_number = Trim(isa.control_number());
  return h;
}

std::string_view ResponseKindName(ResponseKind kind) {
  switch (kind) {
    case ResponseKind::kTa1: return "TA1";
    case ResponseKind::k999: return "999";
    case ResponseKind::k277ca: return "277CA";
    case ResponseKind::k835: return "835";
  }
  return "?";
}

Answer AnswerInterchange(std::string_view bytes, const SimConfig& config,
                         const AnswerContext& context) {
  Answer answer;
  const FaultConfig& faults = config.faults;
  const edi::schema::SchemaRegistry* registry = Registry();
  edi::DiagnosticList findings(100000);
  edi::DiagnosticList reader_notes(1000);
  // Claims by "GS06/ST02" of their transaction set.
  std::vector<std::pair<std::string, edi::hipaa::Encounter>> claims;
  std::string current_set, current_group;
  std::uint64_t segments = 0, next_interchange = 0;
  {
    edi::SegmentReader reader(bytes, findings);
    edi::X12Validator validator(registry, findings);
    std::unique_ptr<edi::hipaa::ClaimReader> claim_reader;
    if (registry != nullptr) {
      claim_reader = std::make_unique<edi::hipaa::ClaimReader>(
          *registry, reader_notes, [&](edi::hipaa::Encounter&& e) {
            claims.emplace_back(current_set, std::move(e));
          });
    }
    edi::Segment s;
    int interchanges = 0;
    while (reader.Next(&s)) {
      if (s.Is("ISA") && ++interchanges > 1) {
        next_interchange = s.index();
        break;  // one interchange per file is the contract; the rest is ignored
      }
      validator.Add(s, reader.header());
      if (claim_reader) claim_reader->Add(s, reader.header());
      if (s.Is("GS")) current_group = std::string(s.element(6));
      if (s.Is("ST")) current_set = current_group + "/" + std::string(s.element(2));
      segments = s.index();
    }
    validator.Finish();
    if (claim_reader) claim_reader->Finish();
    const auto& ics = validator.envelope().interchanges();
    if (ics.empty()) return answer;  // not X12: nothing to answer to
    if (next_interchange == 0) next_interchange = segments + 1;
    const edi::InterchangeSummary& ic = ics.front();
    answer.control_number = Trim(ic.header.control_number());
    std::vector<edi::Diagnostic> all = findings.items();
    const bool envelope_error = HasEnvelopeError(all) || reader.fatal();
    const bool ta1 = config.rules.always_ta1 || ic.header.ack_requested() == "1" || envelope_error;

    edi::AckOptions ack_options;
    ack_options.date = context.date;
    ack_options.time = context.time;
    ack_options.usage = ic.header.usage() == "P" ? 'P' : 'T';
    if (ta1) {
      ack_options.interchange_control_number = context.next_control_number();
      auto built = edi::BuildTa1(ic, next_interchange, all, ack_options);
      if (built) {
        answer.responses.push_back({ResponseKind::kTa1, *built, faults.delay_ack_ms});
      } else {
        answer.errors.push_back("TA1: " + built.error().message);
      }
    }
    if (envelope_error) {
      answer.envelope_rejected = true;
      return answer;
    }
    if (faults.reject_all) {
      RejectSets(ic, "", "rejected by the payer simulator (faults.reject_all)", &all);
    }
    std::map<std::string, bool> set_accepted;
    for (const edi::GroupAck& g : edi::DecideGroupAcks(ic, next_interchange, all)) {
      for (const edi::SetAck& set : g.sets) {
        bool ok = set.code != 'R' && g.code != 'R';
        set_accepted[g.control_number + "/" + set.control_number] = ok;
        ++(ok ? answer.sets_accepted : answer.sets_rejected);
      }
    }
    if (!ic.groups.empty() && !faults.drop_ack) {
      std::uint64_t n = context.next_control_number();
      ack_options.interchange_control_number = n;
      ack_options.group_control_number = n;
      auto built = edi::Build999(ic, next_interchange, all, ack_options);
      if (built) {
        answer.responses.push_back({ResponseKind::k999, *built, faults.delay_ack_ms});
        if (faults.duplicate_ack) answer.responses.push_back(answer.responses.back());
      } else {
        answer.errors.push_back("999: " + built.error().message);
      }
    }
    int index = 0;
    for (auto& [set, encounter] : claims) {
      if (!set_accepted[set]) continue;
      std::string number = "SIM" + answer.control_number + "-" + std::to_string(++index);
      answer.decisions.push_back(Adjudicate(encounter, config.rules, number));
    }
    if (answer.decisions.empty()) return answer;

    const edi::GroupSummary* group = ic.groups.empty() ? nullptr : &ic.groups.front();
    const int ack_at = faults.delay_ack_ms;
    const int status_at = ack_at + config.delay_277ca_ms;
    const int remit_at = faults.remit_before_277ca ? ack_at + config.delay_277ca_ms / 2
                                                   : status_at + config.delay_835_ms;
    const int status_due = faults.remit_before_277ca ? remit_at + config.delay_835_ms : status_at;
    auto status =
        Write277CA(answer.decisions,
                   ResponseHeaderFor(ic, group, context, context.next_control_number()),
                   config.rules);
    if (status) {
      answer.responses.push_back({ResponseKind::k277ca, *status, status_due});
    } else {
      answer.errors.push_back("277CA: " + status.error().message);
    }
    auto remit = Write835(answer.decisions,
                          ResponseHeaderFor(ic, group, context, context.next_control_number()),
                          config.rules);
    if (remit) {
      answer.responses.push_back({ResponseKind::k835, *remit, remit_at});
    } else if (remit.error().code != "nothing_to_remit") {
      answer.errors.push_back("835: " + remit.error().message);
    }
  }
  std::stable_sort(answer.responses.begin(), answer.responses.end(),
                   [](const PlannedResponse& a, const PlannedResponse& b) {
                     return a.delay_ms < b.delay_ms;
                   });
  return answer;
}

}  // namespace claimgate::sim
