#include "src/cli/response_print.hpp"

#include <initializer_list>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "edi/hipaa/status_codes.hpp"

namespace claimgate::cli::response {
namespace {

using edi::hipaa::AckCodeList;
using edi::hipaa::DescribeAckCode;
using edi::hipaa::FormatCents;

std::string Keys(const edi::hipaa::EnvelopeKeys& k) {
  return "ISA13 " + k.interchange_control_number + ", GS06 " + k.group_control_number + ", ST02 " +
         k.transaction_control_number;
}

std::string Csv(std::string_view v) {
  if (v.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(v);
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

void CsvRow(std::initializer_list<std::string_view> fields) {
  bool first = true;
  for (auto f : fields) {
    if (!first) std::cout << ',';
    std::cout << Csv(f);
    first = false;
  }
  std::cout << '\n';
}

}  // namespace

void PrintFinding(const edi::hipaa::Finding& f, const char* indent) {
  std::cout << indent << edi::SeverityName(f.severity) << " [" << f.code << "] segment "
            << f.segment << " (" << f.segment_id << ")";
  if (f.element != 0) std::cout << " element " << f.element;
  std::cout << ": " << f.message;
  if (!f.value.empty()) std::cout << " (" << f.value << ")";
  std::cout << "\n";
}

void CsvHeader() {
  CsvRow({"trace_number",
          "payment_date",
          "payer_id",
          "patient_control_number",
          "claim_status",
          "payer_claim_control_number",
          "claim_billed",
          "claim_paid",
          "line",
          "procedure",
          "line_charge",
          "line_paid",
          "allowed",
          "service_date",
          "line_control_number",
          "group",
          "reason",
          "amount",
          "quantity",
          "reason_description"});
}

// One row per adjustment: claim-level ones with an empty line number, and one row (without an
// adjustment) for a service line that has none, so that every paid line appears.
void PrintClaimCsv(const edi::hipaa::Remittance& r, const edi::hipaa::ClaimPayment& c) {
  auto row = [&](std::string_view line, const edi::hipaa::ServicePayment* l,
                 const edi::hipaa::RemitAdjustment* a) {
    std::string proc = l ? edi::hipaa::FormatProcedure(l->procedure) : std::string();
    CsvRow({r.trace_number,
            r.payment_date,
            r.payer_id,
            c.patient_control_number,
            c.status,
            c.payer_claim_control_number,
            FormatCents(c.billed),
            FormatCents(c.paid),
            line,
            proc,
            l ? FormatCents(l->charge) : "",
            l ? FormatCents(l->paid) : "",
            l && l->has_allowed ? FormatCents(l->allowed) : "",
            l ? l->service_date : "",
            l ? l->line_control_number : "",
            a ? a->group : "",
            a ? a->reason : "",
            a ? FormatCents(a->amount) : "",
            a ? a->quantity : "",
            a ? edi::hipaa::DescribeCarc(a->reason) : ""});
  };
  for (const auto& a : c.adjustments) row("", nullptr, &a);
  for (std::size_t i = 0; i < c.services.size(); ++i) {
    const auto& l = c.services[i];
    std::string n = std::to_string(i + 1);
    if (l.adjustments.empty()) row(n, &l, nullptr);
    for (const auto& a : l.adjustments) row(n, &l, &a);
  }
}

void PrintClaimText(const edi::hipaa::ClaimPayment& c) {
  std::cout << "  claim " << c.patient_control_number << "  status " << c.status << " ("
            << edi::hipaa::ClaimStatusMeaning(c.status) << ")" << (c.reversal ? "  REVERSAL" : "")
            << "  billed " << FormatCents(c.billed) << "  paid " << FormatCents(c.paid);
  if (c.has_patient_responsibility) {
    std::cout << "  patient " << FormatCents(c.patient_responsibility);
  }
  std::cout << "  payer claim " << c.payer_claim_control_number << "\n";
  auto adjustments = [](const std::vector<edi::hipaa::RemitAdjustment>& list, const char* indent) {
    for (const auto& a : list) {
      std::cout << indent << "adjustment " << a.group << " " << a.reason << " "
                << FormatCents(a.amount);
      if (!a.quantity.empty()) std::cout << " (quantity " << a.quantity << ")";
      std::cout << ": " << edi::hipaa::DescribeCarc(a.reason) << "\n";
    }
  };
  adjustments(c.adjustments, "    ");
  for (const auto& r : c.remarks) {
    std::cout << "    remark " << r.code << ": " << edi::hipaa::DescribeRarc(r.code) << "\n";
  }
  for (const auto& l : c.services) {
    std::cout << "    line " << edi::hipaa::FormatProcedure(l.procedure) << "  charge "
              << FormatCents(l.charge) << "  paid " << FormatCents(l.paid);
    if (l.has_allowed) std::cout << "  allowed " << FormatCents(l.allowed);
    if (!l.units_paid.empty()) std::cout << "  units " << l.units_paid;
    if (!l.service_date.empty()) std::cout << "  date " << l.service_date;
    if (!l.billed_procedure.empty()) {
      std::cout << "  billed as " << edi::hipaa::FormatProcedure(l.billed_procedure);
    }
    if (!l.line_control_number.empty()) std::cout << "  line id " << l.line_control_number;
    std::cout << "\n";
    adjustments(l.adjustments, "      ");
    for (const auto& r : l.remarks) {
      std::cout << "      remark " << r.qualifier << " " << r.code;
      if (r.qualifier == "HE") std::cout << ": " << edi::hipaa::DescribeRarc(r.code);
      std::cout << "\n";
    }
  }
}

void PrintRemittanceHeader(const edi::hipaa::Remittance& r) {
  std::cout << "remittance (" << Keys(r.keys) << ")\n"
            << "  payer " << r.payer_name;
  if (!r.payer_id.empty()) std::cout << " (" << r.payer_id << ")";
  std::cout << "  payee " << r.payee_name;
  if (!r.payee_npi.empty()) std::cout << " NPI " << r.payee_npi;
  if (!r.payee_tax_id.empty()) std::cout << " TIN " << r.payee_tax_id;
  std::cout << "\n  payment " << FormatCents(r.payment_amount) << " " << r.credit_debit << " "
            << r.method << " (" << edi::hipaa::PaymentMethodMeaning(r.method) << ") on "
            << r.payment_date << "  trace " << r.trace_number << "\n";
}

void PrintRemittanceFooter(const edi::hipaa::Remittance& r) {
  for (const auto& p : r.provider_adjustments) {
    for (const auto& i : p.items) {
      std::cout << "  provider adjustment " << p.provider_id << " " << p.fiscal_period << "  "
                << i.reason << " " << i.reference << " " << FormatCents(i.amount) << "\n";
    }
  }
  std::cout << "  totals: " << r.claim_count << " claim(s)  billed " << FormatCents(r.total_billed)
            << "  paid " << FormatCents(r.total_paid) << "  provider adjustments "
            << FormatCents(r.total_provider_adjustments) << "  -> "
            << (edi::hipaa::IsBalanced(r) ? "balanced" : "NOT BALANCED") << "\n";
  for (const auto& f : r.findings) PrintFinding(f, "  ");
}

void PrintStatusText(const edi::hipaa::StatusRecord& r) {
  std::cout << edi::hipaa::StatusLevelName(r.level);
  if (!r.trace_number.empty()) std::cout << " " << r.trace_number;
  if (r.level == edi::hipaa::StatusLevel::kServiceLine) {
    std::cout << " line " << edi::hipaa::FormatProcedure(r.procedure);
    if (!r.line_control_number.empty()) std::cout << " (line id " << r.line_control_number << ")";
  }
  if (!r.payer_claim_control_number.empty()) {
    std::cout << "  payer claim " << r.payer_claim_control_number;
  }
  std::cout << "  from " << edi::hipaa::StatusSourceName(r.source_kind) << " "
            << r.source.last_or_organization << " (" << (r.claim_acknowledgment ? "277CA" : "277")
            << ", " << Keys(r.keys) << ")\n";
  for (const auto& e : r.statuses) {
    for (const auto& c : e.codes) {
      std::cout << "  " << c.category << " " << edi::hipaa::DescribeStatusCategory(c.category)
                << " | " << c.status << " " << edi::hipaa::DescribeClaimStatus(c.status);
      if (!c.entity.empty()) {
        std::cout << " | entity " << c.entity << " " << edi::hipaa::DescribeEntity(c.entity);
      }
      std::cout << "\n";
    }
    std::cout << "    effective " << e.effective_date;
    if (e.has_amount) std::cout << "  amount " << FormatCents(e.amount);
    if (e.has_paid) std::cout << "  paid " << FormatCents(e.paid);
    if (!e.message.empty()) std::cout << "  note: " << e.message;
    std::cout << "\n";
  }
}

void PrintAckText(const edi::hipaa::AckRecord& a) {
  std::cout << "999 for group " << a.group_control_number << " (" << a.functional_id << ", "
            << a.version << "): " << a.status << " "
            << DescribeAckCode(AckCodeList::kGroupStatus, a.status) << "; " << a.included
            << " included, " << a.received << " received, " << a.accepted << " accepted\n";
  for (const auto& c : a.error_codes) {
    std::cout << "  group error " << c << ": " << DescribeAckCode(AckCodeList::kGroupError, c)
              << "\n";
  }
  for (const auto& s : a.sets) {
    std::cout << "  set " << s.set_id << " " << s.control_number << ": " << s.status << " "
              << DescribeAckCode(AckCodeList::kSetStatus, s.status) << "\n";
    for (const auto& c : s.error_codes) {
      std::cout << "    set error " << c << ": " << DescribeAckCode(AckCodeList::kSetError, c)
                << "\n";
    }
    for (const auto& e : s.segment_errors) {
      std::cout << "    segment " << e.segment_id << " at position " << e.position;
      if (!e.loop.empty()) std::cout << " in loop " << e.loop;
      if (!e.code.empty()) {
        std::cout << ": " << e.code << " " << DescribeAckCode(AckCodeList::kSegmentError, e.code);
      }
      std::cout << "\n";
      for (const auto& x : e.elements) {
        std::cout << "      element " << x.position;
        if (x.component != 0) std::cout << " component " << x.component;
        std::cout << ": " << x.code << " " << DescribeAckCode(AckCodeList::kElementError, x.code);
        if (!x.bad_value.empty()) std::cout << " (value " << Dump(x.bad_value) << ")";
        std::cout << "\n";
      }
    }
  }
}

void PrintTa1Text(const edi::hipaa::InterchangeAck& t) {
  std::cout << "TA1 for interchange " << t.control_number << ": " << t.ack_code << " "
            << DescribeAckCode(AckCodeList::kInterchangeAck, t.ack_code) << ", note " << t.note_code
            << " " << DescribeAckCode(AckCodeList::kInterchangeNote, t.note_code) << "\n";
}

}  // namespace claimgate::cli::response
