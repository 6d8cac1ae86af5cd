#include "src/sim/status_answer.hpp"

#include <algorithm>
#include <charconv>
#include <ctime>
#include <vector>

#include "edi/ack.hpp"
#include "edi/hipaa/encounter.hpp"
#include "edi/schema.hpp"
#include "edi/segment_reader.hpp"
#include "edi/writer.hpp"
#include "edi/x12_validator.hpp"
#include "src/sim/response_writers.hpp"

namespace claimgate::sim {
namespace {

using edi::hipaa::FormatAmount;
using Elements = std::vector<std::string>;

const edi::schema::SchemaRegistry* Registry() {
  static const auto registry = edi::schema::SchemaRegistry::LoadBuiltIn();
  return registry ? registry->get() : nullptr;
}

// One 2200D/E loop of the 276 with the parties above it (NM1 elements, NM101 first).
struct ClaimQuery {
  Elements payer, receiver, provider, subscriber, patient;  // patient empty: 2200D
  std::string trace;                                        // TRN02
  std::vector<std::pair<std::string, std::string>> refs;    // REF01, REF02
  std::string service_format, service_period;               // DTP*472
  std::string charge;                                       // AMT*T3, as written
};

Elements ElementsOf(const edi::Segment& s) {
  Elements out;
  for (std::size_t i = 1; i <= s.element_count(); ++i) out.emplace_back(s.element(i));
  return out;
}

std::string RefOf(const ClaimQuery& q, std::string_view qualifier) {
  for (const auto& [k, v] : q.refs) {
    if (k == qualifier) return v;
  }
  return "";
}

std::string DateOf(std::int64_t ms) {
  std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char d[16];
  std::strftime(d, sizeof d, "%Y%m%d", &tm);
  return d;
}

void WriteElements(edi::SegmentWriter& b, std::string_view id, const Elements& elements) {
  b.Begin(id);
  for (const std::string& e : elements) b.Add(e);
  b.End();
}

// A 2200D/E answer: TRN (the inquiry's trace), STC, REF*1K/BLT/EJ/D9, DTP*472.
bool WriteClaim(edi::SegmentWriter& b, const ClaimQuery& q, const std::optional<KnownClaim>& known,
                std::int64_t now_ms, const std::string& today) {
  b.Write("TRN", {"2", q.trace});
  const ClaimStatusAt st = StatusAt(known, now_ms);
  b.Begin("STC").AddComposite({st.category, st.status, st.entity}).Add(today).Add("");
  const std::string charge = known ? FormatAmount(known->charge) : q.charge;
  if (!charge.empty()) {
    b.Add(charge);
    if (st.finalized) b.Add(FormatAmount(st.paid)).Add(st.adjudication_date);
  }
  b.End();
  std::string payer_number = RefOf(q, "1K");
  if (known && known->accepted && now_ms >= known->acknowledged_ms) {
    payer_number = known->payer_claim_number;
  }
  if (!payer_number.empty()) b.Write("REF", {"1K", payer_number});
  for (std::string_view qualifier : {"BLT", "EJ", "D9"}) {
    std::string value = RefOf(q, qualifier);
    if (!value.empty()) b.Write("REF", {qualifier, value});
  }
  if (!q.service_period.empty()) b.Write("DTP", {"472", q.service_format, q.service_period});
  return !known;
}

}  // namespace

std::string FormatKnownClaim(const KnownClaim& c) {
  std::string out;
  for (const std::string& f :
       {c.patient_control_number, c.payer_claim_number, std::string(c.accepted ? "1" : "0"),
        c.category, c.status, c.entity, std::to_string(c.charge), std::to_string(c.paid), c.clp02,
        std::to_string(c.received_ms), std::to_string(c.acknowledged_ms),
        std::to_string(c.adjudicated_ms)}) {
    if (!out.empty()) out += '\t';
    out += f;
  }
  return out;
}

std::optional<KnownClaim> ParseKnownClaim(std::string_view line) {
  std::vector<std::string_view> f;
  for (std::size_t start = 0;;) {
    std::size_t tab = line.find('\t', start);
    f.push_back(line.substr(start, tab == std::string_view::npos ? tab : tab - start));
    if (tab == std::string_view::npos) break;
    start = tab + 1;
  }
  if (f.size() != 12 || f[0].empty()) return std::nullopt;
  KnownClaim c;
  c.patient_control_number = f[0];
  c.payer_claim_number = f[1];
  c.accepted = f[2] == "1";
  c.category = f[3];
  c.status = f[4];
  c.entity = f[5];
  c.clp02 = f[8];
  std::int64_t* numbers[] = {&c.charge, &c.paid, &c.received_ms, &c.acknowledged_ms,
                             &c.adjudicated_ms};
  std::size_t at[] = {6, 7, 9, 10, 11};
  for (int i = 0; i < 5; ++i) {
    std::string_view v = f[at[i]];
    auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), *numbers[i]);
    if (ec != std::errc() || end != v.data() + v.size()) return std::nullopt;
  }
  return c;
}

ClaimStatusAt StatusAt(const std::optional<KnownClaim>& claim, std::int64_t now_ms) {
  if (!claim) return {"A4", "35", "", false, 0, ""};
  if (now_ms < claim->acknowledged_ms) return {"A1", "19", "", false, 0, ""};
  if (!claim->accepted) return {claim->category, claim->status, claim->entity, false, 0, ""};
  if (claim->adjudicated_ms == 0 || now_ms < claim->adjudicated_ms) {
    return {"P1", "20", "", false, 0, ""};
  }
  const std::string date = DateOf(claim->adjudicated_ms);
  if (claim->clp02 == "4") return {"F2", "1", "", true, 0, date};
  return {"F1", "65", "", true, claim->paid, date};
}

StatusInquiryAnswer AnswerStatusInquiry(std::string_view bytes, const ClaimLookup& lookup,
                                        std::int64_t now_ms, const AnswerContext& context) {
  StatusInquiryAnswer answer;
  edi::DiagnosticList findings(10000);
  std::vector<ClaimQuery> queries;
  std::uint64_t segments = 0, next_interchange = 0;
  edi::SegmentReader reader(bytes, findings);
  edi::X12Validator validator(Registry(), findings);
  {
    Elements payer, receiver, provider, subscriber, patient;
    std::string level;
    bool in_claim = false, in_line = false;
    edi::Segment s;
    int interchanges = 0;
    while (reader.Next(&s)) {
      if (s.Is("ISA") && ++interchanges > 1) {
        next_interchange = s.index();
        break;  // one interchange per request
      }
      validator.Add(s, reader.header());
      segments = s.index();
      if (s.Is("HL")) {
        level = std::string(s.element(3));
        in_claim = in_line = false;
        if (level == "22" || level == "23") patient.clear();
      } else if (s.Is("NM1")) {
        std::string_view entity = s.element(1);
        Elements* party = entity == "PR"   ? &payer
                          : entity == "41" ? &receiver
                          : entity == "1P" ? &provider
                          : entity == "IL" ? &subscriber
                          : entity == "QC" ? &patient
                                           : nullptr;
        if (party != nullptr) *party = ElementsOf(s);
      } else if (s.Is("TRN") && (level == "22" || level == "23")) {
        queries.push_back({payer,
                           receiver,
                           provider,
                           subscriber,
                           level == "23" ? patient : Elements{},
                           std::string(s.element(2)),
                           {},
                           "",
                           "",
                           ""});
        in_claim = true;
        in_line = false;
      } else if (s.Is("SVC")) {
        in_line = true;  // service lines are answered at claim level only
      } else if (in_claim && !in_line && s.Is("REF")) {
        queries.back().refs.emplace_back(s.element(1), s.element(2));
      } else if (in_claim && !in_line && s.Is("AMT") && s.element(1) == "T3") {
        queries.back().charge = std::string(s.element(2));
      } else if (in_claim && !in_line && s.Is("DTP") && s.element(1) == "472") {
        queries.back().service_format = std::string(s.element(2));
        queries.back().service_period = std::string(s.element(3));
      }
    }
  }
  validator.Finish();
  const auto& ics = validator.envelope().interchanges();
  if (ics.empty()) return answer;  // not X12: the endpoint answers a CORE error
  if (next_interchange == 0) next_interchange = segments + 1;
  const edi::InterchangeSummary& ic = ics.front();
  std::vector<edi::Diagnostic> all = findings.items();
  const bool envelope_error =
      reader.fatal() || std::any_of(all.begin(), all.end(), [](const edi::Diagnostic& d) {
        return d.severity == edi::Severity::kError && !edi::Ta1NoteCode(d).empty();
      });
  edi::AckOptions ack;
  ack.date = context.date;
  ack.time = context.time;
  ack.usage = ic.header.usage() == "P" ? 'P' : 'T';
  if (envelope_error) {
    ack.interchange_control_number = context.next_control_number();
    auto ta1 = edi::BuildTa1(ic, next_interchange, all, ack);
    answer.payload_type = kTa1PayloadType;
    if (ta1) answer.bytes = std::move(*ta1);
    return answer;
  }
  RejectSets(ic, "276", "the real-time endpoint answers 276 claim status requests only", &all);
  bool rejected = queries.empty() || ic.groups.empty();
  for (const edi::GroupAck& g : edi::DecideGroupAcks(ic, next_interchange, all)) {
    rejected |= g.code == 'R' || g.code == 'P';
    for (const edi::SetAck& set : g.sets) rejected |= set.code == 'R';
  }
  if (rejected && !ic.groups.empty()) {
    ack.interchange_control_number = ack.group_control_number = context.next_control_number();
    auto built = edi::Build999(ic, next_interchange, all, ack);
    answer.payload_type = k999PayloadType;
    if (built) answer.bytes = std::move(*built);
    return answer;
  }
  if (rejected) return answer;  // no group at all: nothing an X12 answer could name

  const ResponseHeader h =
      ResponseHeaderFor(ic, &ic.groups.front(), context, context.next_control_number());
  std::string out;
  edi::InterchangeWriter w(&out);
  BeginResponse(w, h, "HN", "005010X212");
  w.BeginTransaction("277", "0001", "005010X212");
  edi::SegmentWriter& b = w.body();
  b.Write("BHT", {"0010", "08", "SIM" + edi::FormatControlNumber(h.control_number, 9), h.date,
                  h.time, "DG"});
  int hl = 0;
  for (const ClaimQuery& q : queries) {
    // One whole hierarchy per claim: valid for any mix of parties, and a 276 from claimgate
    // asks about one claim anyway.
    const std::string source = std::to_string(++hl);
    b.Write("HL", {source, "", "20", "1"});
    WriteElements(b, "NM1", q.payer);
    const std::string receiver = std::to_string(++hl);
    b.Write("HL", {receiver, source, "21", "1"});
    WriteElements(b, "NM1", q.receiver);
    const std::string provider = std::to_string(++hl);
    b.Write("HL", {provider, receiver, "19", "1"});
    WriteElements(b, "NM1", q.provider);
    const std::string subscriber = std::to_string(++hl);
    b.Write("HL", {subscriber, provider, "22", q.patient.empty() ? "0" : "1"});
    WriteElements(b, "NM1", q.subscriber);
    if (!q.patient.empty()) {
      b.Write("HL", {std::to_string(++hl), subscriber, "23"});
      WriteElements(b, "NM1", q.patient);
    }
    std::optional<KnownClaim> known = lookup(q.trace);
    if (!known && !RefOf(q, "EJ").empty()) known = lookup(RefOf(q, "EJ"));
    ++answer.claims;
    if (WriteClaim(b, q, known, now_ms, h.date)) ++answer.unknown;
  }
  w.EndTransaction();
  auto done = EndResponse(w, std::move(out));
  answer.payload_type = kStatusResponsePayloadType;
  if (done) answer.bytes = std::move(*done);
  return answer;
}

}  // namespace claimgate::sim
