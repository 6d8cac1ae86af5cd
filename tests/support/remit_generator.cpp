// Longer than our usual .cpp on purpose: the generator, the renderer and the table of which rule
// reads which amount must change together, so they are kept in one file.
#include "tests/support/remit_generator.hpp"

#include <algorithm>
#include <cstdio>
#include <random>
#include <tuple>

namespace claimgate::testing {
namespace {

// Uniform choices from one std::mt19937_64 stream; the range reduction is ours so that a seed
// gives the same 835 with every standard library (modulo bias does not matter here).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : engine_(seed) {}
  std::int64_t Between(std::int64_t lo, std::int64_t hi) {
    if (hi <= lo) return lo;
    return lo + static_cast<std::int64_t>(engine_() % static_cast<std::uint64_t>(hi - lo + 1));
  }
  bool Chance(int percent) { return Between(0, 99) < percent; }
  template <class T>
  const T& Pick(const std::vector<T>& from) {
    return from[static_cast<std::size_t>(Between(0, static_cast<std::int64_t>(from.size()) - 1))];
  }

 private:
  std::mt19937_64 engine_;
};

struct GroupReasons {
  std::string group;
  std::vector<std::string> reasons;
};

const std::vector<GroupReasons>& Groups() {
  static const std::vector<GroupReasons> kGroups = {
      {"CO", {"45", "253", "97", "59", "16", "24", "131"}},
      {"PR", {"1", "2", "3", "204", "96"}},
      {"OA", {"23", "94", "18", "209"}},
      {"PI", {"45", "104", "94", "119"}},
      {"CR", {"45", "18", "23"}},
  };
  return kGroups;
}

// Every PLB03-1 code of the 835 guide: each one moves money.
const std::vector<std::string>& PlbReasons() {
  static const std::vector<std::string> kReasons = {
      "50", "51", "72", "90", "AH", "AM", "AP", "B2", "B3", "BD", "BN", "C5", "CR", "CS",
      "CT", "CV", "CW", "DM", "E3", "FB", "FC", "GO", "HM", "IP", "IR", "IS", "J1", "L3",
      "L6", "LE", "LS", "OA", "OB", "PI", "PL", "RA", "RE", "SL", "TL", "WO", "WU"};
  return kReasons;
}

// `total` split into `parts` amounts that sum to it exactly; with some chance one amount is
// moved from one part to another, so that negative adjustments (which increase the payment)
// occur too.
std::vector<GenCents> Split(Rng& rng, GenCents total, std::size_t parts) {
  std::vector<GenCents> cuts;
  const GenCents magnitude = total < 0 ? -total : total;
  for (std::size_t i = 1; i < parts; ++i) cuts.push_back(rng.Between(0, magnitude));
  cuts.push_back(0);
  cuts.push_back(magnitude);
  std::sort(cuts.begin(), cuts.end());
  std::vector<GenCents> out;
  for (std::size_t i = 1; i < cuts.size(); ++i) {
    out.push_back(total < 0 ? -(cuts[i] - cuts[i - 1]) : cuts[i] - cuts[i - 1]);
  }
  if (parts >= 2 && rng.Chance(20)) {
    GenCents moved = rng.Between(1, 5000);
    std::size_t from =
        static_cast<std::size_t>(rng.Between(0, static_cast<std::int64_t>(parts) - 1));
    std::size_t to = (from + 1) % parts;
    out[from] -= moved;
    out[to] += moved;
  }
  return out;
}

// CAS segments whose amounts sum to `total`: one to three segments of distinct groups, one to
// six triplets each. None at all (when `total` is 0) with some chance.
std::vector<GenCas> Adjustments(Rng& rng, GenCents total, bool group_cr) {
  std::vector<GenCas> out;
  if (total == 0 && rng.Chance(60)) return out;
  std::vector<const GroupReasons*> groups;
  for (const GroupReasons& g : Groups()) {
    if (g.group != "CR" || group_cr) groups.push_back(&g);
  }
  std::size_t segments = static_cast<std::size_t>(rng.Between(1, 3));
  std::vector<std::size_t> sizes;
  std::size_t triplets = 0;
  for (std::size_t i = 0; i < segments; ++i) {
    // Mostly one or two triplets, sometimes the full six.
    std::size_t n = rng.Chance(15) ? static_cast<std::size_t>(rng.Between(3, 6))
                                   : static_cast<std::size_t>(rng.Between(1, 2));
    sizes.push_back(n);
    triplets += n;
  }
  std::vector<GenCents> amounts = Split(rng, total, triplets);
  std::size_t next = 0;
  for (std::size_t i = 0; i < segments; ++i) {
    // Distinct groups per loop: take a random one not used yet.
    std::size_t g =
        static_cast<std::size_t>(rng.Between(0, static_cast<std::int64_t>(groups.size()) - 1));
    const GroupReasons& group = *groups[g];
    groups.erase(groups.begin() + static_cast<std::ptrdiff_t>(g));
    GenCas cas;
    cas.group = group.group;
    for (std::size_t k = 0; k < sizes[i]; ++k) {
      cas.items.push_back({rng.Pick(group.reasons), amounts[next++]});
    }
    out.push_back(std::move(cas));
  }
  return out;
}

GenCents GroupSum(const std::vector<GenCas>& cas, const std::string& group) {
  GenCents sum = 0;
  for (const GenCas& c : cas) {
    if (c.group != group) continue;
    for (const GenAdjustment& a : c.items) sum += a.amount;
  }
  return sum;
}

// One adjudicated claim (not a reversal) for which every claim and line rule holds.
GenClaim MakeClaim(Rng& rng, const std::string& pcn, bool group_cr) {
  static const std::vector<std::string> kStatus = {"1", "1", "1", "2", "3", "19", "20", "21", "4"};
  static const std::vector<std::string> kProcedures = {"99213", "99214", "80053",
                                                       "36415", "97110", "93000"};
  GenClaim c;
  c.patient_control_number = pcn;
  c.status = rng.Pick(kStatus);
  const bool denied = c.status == "4";
  if (rng.Chance(80)) {
    const int lines = static_cast<int>(rng.Between(1, 4));
    GenCents lines_paid = 0;
    for (int i = 0; i < lines; ++i) {
      GenLine line;
      line.procedure = rng.Pick(kProcedures);
      line.charge = rng.Between(1000, 90000);
      line.paid = denied ? 0 : rng.Between(0, line.charge);
      line.cas = Adjustments(rng, line.charge - line.paid, group_cr);
      c.charge += line.charge;
      lines_paid += line.paid;
      c.lines.push_back(std::move(line));
    }
    // Claim-level adjustments (contractual, prior payer ...) come off the lines' payments;
    // now and then a negative one adds to them.
    GenCents claim_adjusted = 0;
    if (!denied && rng.Chance(50)) claim_adjusted = rng.Between(-lines_paid / 20, lines_paid);
    c.cas = Adjustments(rng, claim_adjusted, group_cr);
    c.paid = lines_paid - claim_adjusted;
  } else {
    c.charge = rng.Between(1000, 500000);
    c.paid = denied ? 0 : rng.Between(0, c.charge);
    c.cas = Adjustments(rng, c.charge - c.paid, group_cr);
  }
  GenCents patient = GroupSum(c.cas, "PR");
  for (const GenLine& line : c.lines) patient += GroupSum(line.cas, "PR");
  c.has_patient_responsibility = rng.Chance(patient != 0 ? 85 : 40);
  c.patient_responsibility = c.has_patient_responsibility ? patient : 0;
  return c;
}

// The reversal of `original`: CLP02 22 and every amount negated.
GenClaim Reverse(GenClaim c) {
  c.status = "22";
  c.charge = -c.charge;
  c.paid = -c.paid;
  c.patient_responsibility = -c.patient_responsibility;
  auto negate = [](std::vector<GenCas>& list) {
    for (GenCas& cas : list) {
      for (GenAdjustment& a : cas.items) a.amount = -a.amount;
    }
  };
  negate(c.cas);
  for (GenLine& line : c.lines) {
    line.charge = -line.charge;
    line.paid = -line.paid;
    negate(line.cas);
  }
  return c;
}

std::string Nine(std::uint64_t n) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%09llu", static_cast<unsigned long long>(n));
  return buf;
}

std::string CasSegment(const GenCas& cas) {
  std::string out = "CAS*" + cas.group;
  for (std::size_t i = 0; i < cas.items.size(); ++i) {
    if (i > 0) out += "*";  // the previous triplet's quantity, left out
    out += "*" + cas.items[i].reason + "*" + GenMoney(cas.items[i].amount);
  }
  return out;
}

}  // namespace

GenCents Gen835::TotalPaid() const {
  GenCents sum = 0;
  for (const GenClaim& c : claims) sum += c.paid;
  return sum;
}

GenCents Gen835::TotalProviderAdjustments() const {
  GenCents sum = 0;
  for (const GenPlb& p : provider_adjustments) {
    for (const GenPlbItem& item : p.items) sum += item.amount;
  }
  return sum;
}

std::string GenMoney(GenCents cents) {
  const bool negative = cents < 0;
  const std::uint64_t v =
      negative ? 0 - static_cast<std::uint64_t>(cents) : static_cast<std::uint64_t>(cents);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s%llu.%02llu", negative ? "-" : "",
                static_cast<unsigned long long>(v / 100), static_cast<unsigned long long>(v % 100));
  return buf;
}

Gen835 Generate835(std::uint64_t seed, const GenOptions& options) {
  Rng rng(seed);
  Gen835 r;
  r.trace_number = "GEN" + std::to_string(seed);
  auto pcn = [&](std::size_t n) {
    if (!options.patient_control_numbers.empty()) return rng.Pick(options.patient_control_numbers);
    return "SEED" + std::to_string(seed) + "C" + std::to_string(n);
  };
  const std::size_t want =
      static_cast<std::size_t>(rng.Between(1, std::max(1, options.max_claims)));
  while (r.claims.size() < want) {
    const std::string number = pcn(r.claims.size());
    if (rng.Chance(15)) {
      // A reversal of an earlier payment, then (mostly) its correction under the same CLP01.
      r.claims.push_back(Reverse(MakeClaim(rng, number, options.group_cr)));
      if (rng.Chance(70)) {
        GenClaim correction = MakeClaim(rng, number, options.group_cr);
        if (correction.status == "22") correction.status = "1";
        r.claims.push_back(std::move(correction));
      }
    } else {
      r.claims.push_back(MakeClaim(rng, number, options.group_cr));
    }
  }
  if (rng.Chance(50)) {
    const int plbs = static_cast<int>(rng.Between(1, 2));
    for (int p = 0; p < plbs; ++p) {
      GenPlb plb;
      const int items = static_cast<int>(rng.Between(1, 6));
      for (int i = 0; i < items; ++i) {
        GenCents amount = rng.Between(-20000, 20000);
        if (amount == 0) amount = 1;
        plb.items.push_back(
            {rng.Pick(PlbReasons()), "REF" + std::to_string(rng.Between(1, 999)), amount});
      }
      r.provider_adjustments.push_back(std::move(plb));
    }
  }
  const GenCents net = r.TotalPaid() - r.TotalProviderAdjustments();
  if (net >= 0) {
    r.payment = net;
  } else if (rng.Chance(50)) {
    // The provider owes money: the payer carries the balance forward (FB) and pays nothing.
    if (r.provider_adjustments.empty() || r.provider_adjustments.back().items.size() == 6) {
      r.provider_adjustments.emplace_back();
    }
    r.provider_adjustments.back().items.push_back({"FB", "BALANCE" + std::to_string(seed), net});
    r.payment = 0;
  } else {
    r.debit = true;
    r.payment = -net;
  }
  return r;
}

std::string Render835(const Gen835& r, GenLayout* layout, std::uint64_t isa13) {
  // ISA13 and GS06 have at most nine digits.
  const std::uint64_t control = isa13 % 1000000000 == 0 ? 1 : isa13 % 1000000000;
  GenLayout local;
  GenLayout& at = layout != nullptr ? *layout : local;
  at = GenLayout{};
  std::string out;
  std::uint64_t index = 0;
  std::uint64_t in_set = 0;
  auto put = [&](const std::string& segment) {
    out += segment;
    out += "~\n";
    ++index;
    if (in_set > 0 || segment.rfind("ST*", 0) == 0) ++in_set;
    return index;
  };
  put("ISA*00*          *00*          *ZZ*SIMPAYER       *ZZ*CLAIMGATE      *261127*1200*^*00501*" +
      Nine(control) + "*0*T*:");
  put("GS*HP*SIMPAYER*CLAIMGATE*20261127*1200*" + std::to_string(control) + "*X*005010X221A1");
  put("ST*835*0001");
  const bool pays = r.payment > 0;
  at.bpr = put(std::string("BPR*") + (pays ? "I" : "H") + "*" + GenMoney(r.payment) + "*" +
               (r.debit ? "D" : "C") + "*" + (pays ? "CHK" : "NON") + "************20261127");
  put("TRN*1*" + r.trace_number + "*1512345678");
  put("DTM*405*20261126");
  put("N1*PR*SYNTHETIC HEALTH PLAN");
  put("N3*100 MAIN STREET");
  put("N4*ANYTOWN*PA*17000");
  put("PER*BL*EDI SUPPORT*TE*8005550100");
  put("N1*PE*SYNTHETIC CLINIC*XX*1234567893");
  put("LX*1");
  for (std::size_t i = 0; i < r.claims.size(); ++i) {
    const GenClaim& c = r.claims[i];
    at.clp.push_back(put("CLP*" + c.patient_control_number + "*" + c.status + "*" +
                         GenMoney(c.charge) + "*" + GenMoney(c.paid) + "*" +
                         (c.has_patient_responsibility ? GenMoney(c.patient_responsibility) : "") +
                         "*12*PAYERCLAIM" + std::to_string(i) + "*11*1"));
    for (const GenCas& cas : c.cas) put(CasSegment(cas));
    put("NM1*QC*1*SYNTHETIC*PATIENT****MI*SYNMEMBER" + std::to_string(i));
    at.svc.emplace_back();
    for (const GenLine& line : c.lines) {
      at.svc.back().push_back(put("SVC*HC:" + line.procedure + "*" + GenMoney(line.charge) + "*" +
                                  GenMoney(line.paid) + "**1"));
      put("DTM*472*20261101");
      for (const GenCas& cas : line.cas) put(CasSegment(cas));
    }
  }
  for (const GenPlb& plb : r.provider_adjustments) {
    std::string s = "PLB*1234567893*20261231";
    for (const GenPlbItem& item : plb.items) {
      s += "*" + item.reason + ":" + item.reference + "*" + GenMoney(item.amount);
    }
    put(s);
  }
  put("SE*" + std::to_string(in_set + 1) + "*0001");
  put("GE*1*" + std::to_string(control));
  put("IEA*1*" + Nine(control));
  at.segments = index;
  return out;
}

std::vector<AmountRef> Amounts(const Gen835& r) {
  std::vector<AmountRef> out;
  auto add = [&](AmountRef::Kind kind, std::size_t claim, std::size_t line, std::size_t cas,
                 std::size_t item, std::size_t plb) {
    AmountRef ref;
    ref.kind = kind;
    ref.claim = claim;
    ref.line = line;
    ref.cas = cas;
    ref.item = item;
    ref.plb = plb;
    out.push_back(ref);
  };
  add(AmountRef::kBpr02, 0, 0, 0, 0, 0);
  for (std::size_t c = 0; c < r.claims.size(); ++c) {
    const GenClaim& claim = r.claims[c];
    add(AmountRef::kClp03, c, 0, 0, 0, 0);
    add(AmountRef::kClp04, c, 0, 0, 0, 0);
    if (claim.has_patient_responsibility) add(AmountRef::kClp05, c, 0, 0, 0, 0);
    for (std::size_t k = 0; k < claim.cas.size(); ++k) {
      for (std::size_t i = 0; i < claim.cas[k].items.size(); ++i) {
        add(AmountRef::kClaimCas, c, 0, k, i, 0);
      }
    }
    for (std::size_t l = 0; l < claim.lines.size(); ++l) {
      add(AmountRef::kSvc02, c, l, 0, 0, 0);
      add(AmountRef::kSvc03, c, l, 0, 0, 0);
      const GenLine& line = claim.lines[l];
      for (std::size_t k = 0; k < line.cas.size(); ++k) {
        for (std::size_t i = 0; i < line.cas[k].items.size(); ++i) {
          add(AmountRef::kLineCas, c, l, k, i, 0);
        }
      }
    }
  }
  for (std::size_t p = 0; p < r.provider_adjustments.size(); ++p) {
    for (std::size_t i = 0; i < r.provider_adjustments[p].items.size(); ++i) {
      add(AmountRef::kPlb, 0, 0, 0, i, p);
    }
  }
  return out;
}

GenCents& AmountAt(Gen835& r, const AmountRef& ref) {
  switch (ref.kind) {
    case AmountRef::kBpr02:
      return r.payment;
    case AmountRef::kClp03:
      return r.claims[ref.claim].charge;
    case AmountRef::kClp04:
      return r.claims[ref.claim].paid;
    case AmountRef::kClp05:
      return r.claims[ref.claim].patient_responsibility;
    case AmountRef::kClaimCas:
      return r.claims[ref.claim].cas[ref.cas].items[ref.item].amount;
    case AmountRef::kSvc02:
      return r.claims[ref.claim].lines[ref.line].charge;
    case AmountRef::kSvc03:
      return r.claims[ref.claim].lines[ref.line].paid;
    case AmountRef::kLineCas:
      return r.claims[ref.claim].lines[ref.line].cas[ref.cas].items[ref.item].amount;
    case AmountRef::kPlb:
      break;
  }
  return r.provider_adjustments[ref.plb].items[ref.item].amount;
}

std::string Describe(const AmountRef& ref) {
  const std::string claim = " of claim " + std::to_string(ref.claim);
  const std::string line = " of line " + std::to_string(ref.line) + claim;
  const std::string item =
      "item " + std::to_string(ref.item) + " of CAS " + std::to_string(ref.cas);
  switch (ref.kind) {
    case AmountRef::kBpr02:
      return "BPR02";
    case AmountRef::kClp03:
      return "CLP03" + claim;
    case AmountRef::kClp04:
      return "CLP04" + claim;
    case AmountRef::kClp05:
      return "CLP05" + claim;
    case AmountRef::kClaimCas:
      return "claim-level " + item + claim;
    case AmountRef::kSvc02:
      return "SVC02" + line;
    case AmountRef::kSvc03:
      return "SVC03" + line;
    case AmountRef::kLineCas:
      return "line-level " + item + line;
    case AmountRef::kPlb:
      break;
  }
  return "PLB item " + std::to_string(ref.item) + " of PLB " + std::to_string(ref.plb);
}

bool ExpectedFinding::operator<(const ExpectedFinding& o) const {
  return std::tie(code, segment, element, warning) <
         std::tie(o.code, o.segment, o.element, o.warning);
}

std::vector<ExpectedFinding> FindingsForChange(const Gen835& changed, const AmountRef& ref,
                                               const GenLayout& layout) {
  std::vector<ExpectedFinding> out;
  auto transaction = [&] { out.push_back({"transaction_unbalanced", layout.bpr, 2, false}); };
  if (ref.kind == AmountRef::kBpr02 || ref.kind == AmountRef::kPlb) {
    transaction();
    std::sort(out.begin(), out.end());
    return out;
  }
  const GenClaim& c = changed.claims[ref.claim];
  const std::uint64_t clp = layout.clp[ref.claim];
  auto claim = [&] { out.push_back({"claim_unbalanced", clp, 4, false}); };
  auto lines = [&] {
    if (!c.lines.empty()) out.push_back({"claim_lines_paid_mismatch", clp, 4, false});
  };
  auto service = [&] { out.push_back({"service_unbalanced", layout.svc[ref.claim][ref.line], 3}); };
  // CLP05 is checked against the PR total only when present and not on a reversal.
  const bool patient_checked = c.has_patient_responsibility && !c.reversal();
  auto patient = [&](const std::string& group) {
    if (patient_checked && group == "PR") {
      out.push_back({"patient_responsibility_mismatch", clp, 5, true});
    }
  };
  switch (ref.kind) {
    case AmountRef::kClp03:
      claim();
      if (c.reversal() && c.charge > 0) out.push_back({"reversal_not_negated", clp, 3, false});
      break;
    case AmountRef::kClp04:
      claim();
      lines();
      transaction();
      if (c.reversal() && c.paid > 0) out.push_back({"reversal_not_negated", clp, 4, false});
      break;
    case AmountRef::kClp05:
      patient("PR");
      break;
    case AmountRef::kClaimCas:
      claim();
      lines();
      patient(c.cas[ref.cas].group);
      break;
    case AmountRef::kSvc02:
      service();
      break;
    case AmountRef::kSvc03:
      service();
      lines();
      break;
    case AmountRef::kLineCas:
      service();
      claim();
      patient(c.lines[ref.line].cas[ref.cas].group);
      break;
    case AmountRef::kBpr02:
    case AmountRef::kPlb:
      break;
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace claimgate::testing
