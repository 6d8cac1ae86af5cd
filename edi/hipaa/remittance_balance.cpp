// The 835 rules that need no parsing: balancing at line, claim and transaction level (the 835
// guide's rules, one finding code each), and the meanings of CLP02, BPR04 and of the adjustment
// codes (through the shipped code sets).
#include <string>
#include <utility>
#include <vector>

#include "edi/hipaa/codesets.hpp"
#include "edi/hipaa/remittance.hpp"

namespace edi::hipaa {
namespace {

std::string Sum(std::string_view a, Cents x, std::string_view b, Cents y, std::string_view c,
                Cents z) {
  std::string out(a);
  out += ' ';
  out += FormatCents(x);
  out += ' ';
  out += b;
  out += ' ';
  out += FormatCents(y);
  out += ' ';
  out += c;
  out += ' ';
  out += FormatCents(z);
  return out;
}

}  // namespace

std::string_view ClaimStatusMeaning(std::string_view clp02) {
  static constexpr std::pair<std::string_view, std::string_view> kTable[] = {
      {"1", "processed as primary"},
      {"2", "processed as secondary"},
      {"3", "processed as tertiary"},
      {"4", "denied"},
      {"19", "processed as primary, forwarded to additional payer(s)"},
      {"20", "processed as secondary, forwarded to additional payer(s)"},
      {"21", "processed as tertiary, forwarded to additional payer(s)"},
      {"22", "reversal of previous payment"},
      {"23", "not our claim, forwarded to additional payer(s)"},
      {"25", "predetermination pricing only, no payment"},
  };
  for (const auto& [code, meaning] : kTable) {
    if (code == clp02) return meaning;
  }
  return {};
}

namespace {

// The one place the 835 reader asks for CARC / RARC / group descriptions.
std::string DescribeFromCodeSets(CodeSystem system, std::string_view code) {
  std::string_view d = CodeSets::BuiltIn().Describe(system, code);
  if (!d.empty()) return std::string(d);
  return "code " + std::string(code) + " (no description shipped)";
}

}  // namespace

std::string DescribeAdjustmentGroup(std::string_view group) {
  return DescribeFromCodeSets(CodeSystem::kCarcGroup, group);
}

std::string DescribeCarc(std::string_view reason) {
  return DescribeFromCodeSets(CodeSystem::kCarc, reason);
}

std::string DescribeRarc(std::string_view remark) {
  return DescribeFromCodeSets(CodeSystem::kRarc, remark);
}

std::string_view PaymentMethodMeaning(std::string_view bpr04) {
  static constexpr std::pair<std::string_view, std::string_view> kTable[] = {
      {"ACH", "automated clearing house (ACH) transfer"},
      {"BOP", "financial institution option"},
      {"CHK", "check"},
      {"FWT", "federal reserve funds/wire transfer"},
      {"NON", "non-payment data"},
  };
  for (const auto& [code, meaning] : kTable) {
    if (code == bpr04) return meaning;
  }
  return {};
}

// The guide's balancing rules for one claim; each broken rule is one finding with one code.
// Adjustments decrease the payment when positive and increase it when negative, at every level.
void CheckClaimBalance(const ClaimPayment& c, std::vector<Finding>* findings) {
  Cents claim_adjusted = 0;  // claim-level CAS (loop 2100)
  Cents patient = 0;         // group PR at claim and line level
  for (const auto& a : c.adjustments) {
    claim_adjusted += a.amount;
    if (a.group == "PR") patient += a.amount;
  }
  Cents lines_adjusted = 0;  // line-level CAS (loop 2110)
  Cents lines_paid = 0;
  for (const auto& line : c.services) {
    Cents line_adjusted = 0;
    for (const auto& a : line.adjustments) {
      line_adjusted += a.amount;
      if (a.group == "PR") patient += a.amount;
    }
    lines_adjusted += line_adjusted;
    lines_paid += line.paid;
    if (line.charge - line_adjusted != line.paid) {
      Finding f;
      f.code = "service_unbalanced";
      f.message = "service line charge minus its adjustments does not equal the paid amount";
      f.segment = line.segment;
      f.segment_id = "SVC";
      f.element = 3;
      f.value = Sum("charge", line.charge, "- adjustments", line_adjusted, "!= paid", line.paid);
      findings->push_back(std::move(f));
    }
  }
  auto add = [&](std::uint32_t element, const char* code, const char* message, std::string value,
                 Severity severity = Severity::kError) {
    Finding f;
    f.code = code;
    f.severity = severity;
    f.message = message;
    f.segment = c.segment;
    f.segment_id = "CLP";
    f.element = element;
    f.value = std::move(value);
    findings->push_back(std::move(f));
  };
  // A reversal (CLP02 22) repeats the original claim with every amount negated: a positive charge
  // or payment would add money where the payer takes it back.
  if (c.reversal && c.billed > 0) {
    add(3, "reversal_not_negated",
        "a reversal (CLP02 22) negates the original amounts, but its claim charge is positive",
        FormatCents(c.billed));
  }
  if (c.reversal && c.paid > 0) {
    add(4, "reversal_not_negated",
        "a reversal (CLP02 22) negates the original amounts, but its claim payment is positive",
        FormatCents(c.paid));
  }
  if (c.billed - claim_adjusted - lines_adjusted != c.paid) {
    add(4, "claim_unbalanced",
        "claim charge minus claim and line adjustments does not equal the claim payment",
        Sum("billed", c.billed, "- adjustments", claim_adjusted + lines_adjusted, "!= paid",
            c.paid));
  }
  // With service lines the claim payment is also their payments less the claim-level
  // adjustments (those taken on the claim as a whole: contractual, prior payer, ...).
  if (!c.services.empty() && lines_paid - claim_adjusted != c.paid) {
    add(4, "claim_lines_paid_mismatch",
        "claim payment does not equal the sum of its service line payments minus the claim-level "
        "adjustments",
        Sum("lines", lines_paid, "- claim adjustments", claim_adjusted, "!= paid", c.paid));
  }
  // CLP05 is a consistency check, not part of balancing, and a reversal is exempt from it.
  if (!c.reversal && c.has_patient_responsibility && patient != c.patient_responsibility) {
    add(5, "patient_responsibility_mismatch",
        "patient responsibility does not equal the sum of the PR group adjustments",
        Sum("patient responsibility", c.patient_responsibility, "!= PR adjustments", patient,
            "difference", c.patient_responsibility - patient),
        Severity::kWarning);
  }
}

void CheckRemittanceBalance(const Remittance& r, std::vector<Finding>* findings) {
  Finding f;
  f.segment_id = "BPR";
  f.element = 2;
  if (r.payment_segment == 0) {
    f.code = "payment_missing";
    f.message = "the transaction set has no financial information (BPR) segment";
    f.segment = r.segment;
    f.segment_id = "ST";
    f.element = 0;
    findings->push_back(std::move(f));
    return;
  }
  // Every PLB reason code moves money (WO overpayment recovery, L6 interest, FB forwarding
  // balance, 72 authorized return, ...): each PLB amount counts, whatever its code.
  Cents expected = r.total_paid - r.total_provider_adjustments;
  Cents payment = r.credit_debit == "D" ? -r.payment_amount : r.payment_amount;
  if (payment == expected) return;
  f.code = "transaction_unbalanced";
  f.message = "total payment does not equal the sum of claim payments minus provider adjustments";
  f.segment = r.payment_segment;
  f.value = Sum("payment", payment, "!= claims", r.total_paid, "- provider adjustments",
                r.total_provider_adjustments);
  findings->push_back(std::move(f));
}

bool IsBalanced(const Remittance& r) {
  for (const Finding& f : r.findings) {
    if (f.severity == Severity::kError) return false;
  }
  return true;
}

}  // namespace edi::hipaa
