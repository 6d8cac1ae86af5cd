#include "src/sim/response_writers.hpp"

#include <map>

#include "edi/hipaa/encounter.hpp"
#include "edi/writer.hpp"

namespace claimgate::sim {
namespace {

using edi::hipaa::FormatAmount;

// Claims grouped by billing provider, in order of first appearance.
std::vector<std::vector<const ClaimDecision*>> ByProvider(const std::vector<ClaimDecision>& claims,
                                                          bool accepted_only) {
  std::vector<std::vector<const ClaimDecision*>> groups;
  std::map<std::string, std::size_t> index;
  for (const ClaimDecision& c : claims) {
    if (accepted_only && !c.accepted) continue;
    auto [it, fresh] = index.emplace(c.billing_npi + '\x1f' + c.billing_name, groups.size());
    if (fresh) groups.emplace_back();
    groups[it->second].push_back(&c);
  }
  return groups;
}

void ServiceDates(edi::SegmentWriter& b, const std::string& qualifier, const std::string& from,
                  const std::string& to, bool dtp) {
  if (from.empty()) return;
  if (dtp) {
    if (to.empty() || to == from) {
      b.Write("DTP", {qualifier, "D8", from});
    } else {
      b.Write("DTP", {qualifier, "RD8", from + "-" + to});
    }
  }
}

// STC with its C043 composite; `rest` are STC02 onwards.
void Stc(edi::SegmentWriter& b, std::string_view category, std::string_view status,
         std::string_view entity, std::initializer_list<std::string_view> rest) {
  b.Begin("STC").AddComposite({category, status, entity});
  for (std::string_view v : rest) b.Add(v);
  b.End();
}

}  // namespace

void BeginResponse(edi::InterchangeWriter& w, const ResponseHeader& h,
                   const std::string& functional_id, const std::string& version) {
  edi::InterchangeParams isa;
  isa.sender_qualifier = h.sender_qualifier;
  isa.sender_id = h.sender_id;
  isa.receiver_qualifier = h.receiver_qualifier;
  isa.receiver_id = h.receiver_id;
  isa.date = h.date.size() == 8 ? h.date.substr(2) : h.date;
  isa.time = h.time;
  isa.control_number = h.control_number;
  isa.usage = h.usage;
  w.BeginInterchange(isa);
  edi::GroupParams gs;
  gs.functional_id = functional_id;
  gs.sender = h.gs_sender;
  gs.receiver = h.gs_receiver;
  gs.date = h.date;
  gs.time = h.time;
  gs.control_number = h.control_number;
  gs.version = version;
  w.BeginGroup(gs);
}

edi::Result<std::string> EndResponse(edi::InterchangeWriter& w, std::string&& out) {
  w.EndGroup();
  w.EndInterchange();
  edi::Result<void> done = w.Finish();
  if (!done) return done.error();
  return std::move(out);
}

edi::Result<std::string> Write277CA(const std::vector<ClaimDecision>& claims,
                                    const ResponseHeader& h, const AdjudicationRules& rules) {
  if (claims.empty()) return edi::Error{"nothing_to_acknowledge", "no claims to acknowledge"};
  std::string out;
  edi::InterchangeWriter w(&out);
  BeginResponse(w, h, "HN", "005010X214");
  w.BeginTransaction("277", "0001", "005010X214");
  edi::SegmentWriter& b = w.body();
  const std::string trace = h.received_control_number.empty() ? "0" : h.received_control_number;
  b.Write("BHT", {"0085", "08", "SIM" + edi::FormatControlNumber(h.control_number, 9), h.date,
                  h.time, "TH"});
  b.Write("HL", {"1", "", "20", "1"});
  b.Write("NM1", {"PR", "2", rules.payer_name, "", "", "", "", "PI", rules.payer_id});
  b.Write("TRN", {"1", trace});
  b.Write("DTP", {"050", "D8", h.date});
  b.Write("DTP", {"009", "D8", h.date});
  // Information receiver: the submitter of the first claim (one 837 has one submitter).
  Cents accepted_total = 0, rejected_total = 0;
  int accepted = 0, rejected = 0;
  for (const ClaimDecision& c : claims) {
    (c.accepted ? accepted_total : rejected_total) += c.charge;
    ++(c.accepted ? accepted : rejected);
  }
  const ClaimDecision& first = claims.front();
  b.Write("HL", {"2", "1", "21", "1"});
  b.Write("NM1", {"41", "2", first.submitter_name.empty() ? "SUBMITTER" : first.submitter_name,
                  "", "", "", "", "46", first.submitter_id.empty() ? "UNKNOWN" : first.submitter_id});
  b.Write("TRN", {"2", trace});
  Stc(b, "A1", "19", "", {h.date, "WQ", FormatAmount(accepted_total + rejected_total)});
  if (accepted > 0) b.Write("QTY", {"90", std::to_string(accepted)});
  if (rejected > 0) b.Write("QTY", {"AA", std::to_string(rejected)});
  if (accepted > 0) b.Write("AMT", {"YU", FormatAmount(accepted_total)});
  if (rejected > 0) b.Write("AMT", {"YY", FormatAmount(rejected_total)});
  int hl = 2;
  for (const auto& group : ByProvider(claims, false)) {
    const int provider_hl = ++hl;
    const ClaimDecision& p = *group.front();
    b.Write("HL", {std::to_string(provider_hl), "2", "19", "1"});
    b.Write("NM1", {"85", "2", p.billing_name.empty() ? "PROVIDER" : p.billing_name, "", "", "",
                    "", "XX", p.billing_npi});
    b.Write("TRN", {"1", trace + "-" + std::to_string(provider_hl)});
    Cents group_accepted = 0, group_rejected = 0;
    int n_accepted = 0, n_rejected = 0;
    for (const ClaimDecision* c : group) {
      (c->accepted ? group_accepted : group_rejected) += c->charge;
      ++(c->accepted ? n_accepted : n_rejected);
    }
    Stc(b, "A1", "19", "", {"", "WQ", FormatAmount(group_accepted + group_rejected)});
    if (n_accepted > 0) b.Write("QTY", {"QA", std::to_string(n_accepted)});
    if (n_rejected > 0) b.Write("QTY", {"QC", std::to_string(n_rejected)});
    if (n_accepted > 0) b.Write("AMT", {"YU", FormatAmount(group_accepted)});
    if (n_rejected > 0) b.Write("AMT", {"YY", FormatAmount(group_rejected)});
    for (const ClaimDecision* c : group) {
      b.Write("HL", {std::to_string(++hl), std::to_string(provider_hl), "PT"});
      b.Write("NM1", {"QC", "1", c->patient_last, c->patient_first, "", "", "", "MI",
                      c->member_id});
      b.Write("TRN", {"2", c->patient_control_number});
      const std::string charge = FormatAmount(c->charge);
      if (c->accepted) {
        Stc(b, c->category, c->status, c->entity, {h.date, "WQ", charge});
        b.Write("REF", {"1K", c->payer_claim_number});
      } else {
        Stc(b, c->category, c->status, c->entity,
            {h.date, "U", charge, "", "", "", "", "", "", "", c->reason});
      }
      ServiceDates(b, "472", c->service_date_from, c->service_date_to, true);
    }
  }
  w.EndTransaction();
  return EndResponse(w, std::move(out));
}

edi::Result<std::string> Write835(const std::vector<ClaimDecision>& claims,
                                  const ResponseHeader& h, const AdjudicationRules& rules) {
  auto groups = ByProvider(claims, true);
  if (groups.empty()) return edi::Error{"nothing_to_remit", "no accepted claims to remit"};
  std::string out;
  edi::InterchangeWriter w(&out);
  BeginResponse(w, h, "HP", "005010X221A1");
  int set = 0;
  for (const auto& group : groups) {
    ++set;
    // No ST03: the 835 guide does not use it (GS08 names the guide), and payers leave it out.
    w.BeginTransaction("835", edi::FormatControlNumber(static_cast<std::uint64_t>(set), 4), "");
    edi::SegmentWriter& b = w.body();
    Cents total = 0;
    for (const ClaimDecision* c : group) total += c->paid;
    const std::string check = edi::FormatControlNumber(h.control_number, 9) + "-" +
                              std::to_string(set);
    if (total > 0) {
      b.Write("BPR", {"I", FormatAmount(total), "C", "CHK", "", "", "", "", "", "", "", "", "",
                      "", "", h.date});
    } else {
      b.Write("BPR", {"H", "0", "C", "NON", "", "", "", "", "", "", "", "", "", "", "", h.date});
    }
    b.Write("TRN", {"1", check, "1" + rules.payer_tax_id});
    b.Write("DTM", {"405", h.date});
    b.Write("N1", {"PR", rules.payer_name});
    b.Write("N3", {"1 SIMULATOR WAY"});
    b.Write("N4", {"HARRISBURG", "PA", "17101"});
    b.Write("REF", {"2U", rules.payer_id});
    b.Write("PER", {"BL", "SIMULATOR SUPPORT", "TE", "5555550100"});
    const ClaimDecision& payee = *group.front();
    b.Write("N1", {"PE", payee.billing_name.empty() ? "PROVIDER" : payee.billing_name, "XX",
                   payee.billing_npi});
    b.Write("LX", {"1"});
    for (const ClaimDecision* c : group) {
      Cents billed = 0;
      for (const LineDecision& l : c->lines) billed += l.charge;
      b.Write("CLP", {c->patient_control_number, c->clp02, FormatAmount(billed),
                      FormatAmount(c->paid), FormatAmount(c->patient_responsibility), "12",
                      c->payer_claim_number, c->facility_code.empty() ? "11" : c->facility_code,
                      c->frequency.empty() ? "1" : c->frequency});
      b.Write("NM1", {"QC", "1", c->patient_last, c->patient_first, "", "", "", "MI",
                      c->member_id});
      for (const LineDecision& l : c->lines) {
        std::vector<std::string_view> svc01{l.qualifier, l.code};
        for (const std::string& m : l.modifiers) svc01.push_back(m);
        b.Begin("SVC").AddComposite(std::span<const std::string_view>(svc01));
        b.Add(FormatAmount(l.charge)).Add(FormatAmount(l.paid)).Add(l.revenue_code).Add(l.units);
        b.End();
        if (!l.service_date.empty()) b.Write("DTM", {"472", l.service_date});
        // One CAS per group code, up to six reason/amount pairs each.
        for (const char* group_code : {"CO", "PR"}) {
          bool open = false;
          for (const CasEntry& a : l.adjustments) {
            if (a.group != group_code) continue;
            if (!open) b.Begin("CAS").Add(a.group);
            open = true;
            b.Add(a.reason).Add(FormatAmount(a.amount)).Add("");
          }
          if (open) b.End();
        }
        if (!l.control_number.empty()) b.Write("REF", {"6R", l.control_number});
        if (l.allowed > 0) b.Write("AMT", {"B6", FormatAmount(l.allowed)});
        if (!l.remark.empty()) b.Write("LQ", {"HE", l.remark});
      }
    }
    w.EndTransaction();
  }
  return EndResponse(w, std::move(out));
}

}  // namespace claimgate::sim
