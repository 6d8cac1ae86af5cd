// The importer's frame: kind detection, the raw file stored first (SHA-256 de-duplication), the
// per-kind apply step (inbound_acks.cpp, inbound_results.cpp), the file's final state, counters.
#include "src/pipeline/inbound.hpp"

#include <mutex>
#include <set>
#include <utility>

#include "edi/envelope.hpp"
#include "spdlog/spdlog.h"
#include "edi/segment_reader.hpp"
#include "src/ops/metrics.hpp"
#include "src/pipeline/inbound_internal.hpp"
#include "src/store/crypto.hpp"

namespace claimgate::pipeline {
namespace {

using inbound_detail::ImportRun;

constexpr size_t kMaxProblems = 100;

// Reads envelope segments up to the first ST (and its BHT) to tell the kind.
struct Envelope {
  std::string kind = "unknown";
  std::string sender, receiver;  // first ISA06 / ISA08, trimmed
  std::string why;               // when unknown: what was found instead
};

Envelope ReadEnvelope(std::string_view bytes, edi::DiagnosticList* diagnostics) {
  Envelope env;
  edi::SegmentReader reader(bytes, *diagnostics);
  edi::Segment s;
  bool seen_isa = false, seen_ta1 = false;
  std::string gs08, st01, st03;
  while (reader.Next(&s)) {
    std::string_view id = s.id();
    if (id == "ISA") {
      if (!seen_isa) {
        env.sender = inbound_detail::Trim(s.element(6));
        env.receiver = inbound_detail::Trim(s.element(8));
      }
      seen_isa = true;
    } else if (id == "TA1") {
      seen_ta1 = true;
    } else if (id == "GS") {
      gs08 = std::string(s.element(8));
    } else if (id == "ST") {
      st01 = std::string(s.element(1));
      st03 = std::string(s.element(3));
      if (st01 != "277") break;  // 277 needs its BHT06 when no guide is named
    } else if (id == "BHT" && st01 == "277") {
      std::string_view bht06 = s.element(6);
      if (bht06 == "TH") st03 = "005010X214";
      break;
    } else if (!st01.empty()) {
      break;
    }
  }
  if (st01 == "999") {
    env.kind = "999";
  } else if (st01 == "835") {
    env.kind = "835";
  } else if (st01 == "277") {
    bool ca = st03.find("X214") != std::string::npos ||
              (st03.empty() && gs08.find("X214") != std::string::npos);
    env.kind = ca ? "277CA" : "277";
  } else if (st01.empty() && seen_ta1) {
    env.kind = "TA1";
  } else if (!st01.empty()) {
    env.why = "transaction set " + st01 + " is not a payer response (TA1, 999, 277CA, 277, 835)";
  } else if (seen_isa) {
    env.why = "the interchange holds no transaction set and no TA1";
  } else {
    env.why = "no X12 interchange (ISA segment) found";
  }
  return env;
}

// What the envelope check found: problems of the interchange or a group (ISA/IEA, GS/GE counts
// and control numbers, a missing IEA or GE) hold the whole file back; problems of a transaction
// set (ST/SE) only leave that set out.
struct EnvelopeVerdict {
  std::vector<std::string> file_problems;
  std::vector<std::string> set_problems;
  // The byte ranges of the transaction sets to leave out, in file order.
  std::vector<std::pair<std::uint64_t, std::uint64_t>> skip;
};

EnvelopeVerdict CheckEnvelope(std::string_view bytes) {
  EnvelopeVerdict v;
  edi::DiagnosticList diagnostics(200);
  edi::SegmentReader reader(bytes, diagnostics);
  edi::EnvelopeChecker envelope(diagnostics);
  std::vector<std::uint64_t> offsets;  // of segment i + 1
  edi::Segment s;
  while (reader.Next(&s)) {
    offsets.push_back(s.byte_offset());
    envelope.Add(s, reader.header());
  }
  envelope.Finish();
  offsets.push_back(bytes.size());
  struct Set {
    std::uint64_t first, last;  // segment indexes, 1-based, ST .. last counted
  };
  std::vector<Set> sets;
  for (const auto& x : envelope.interchanges()) {
    for (const auto& g : x.groups) {
      for (const auto& t : g.transaction_sets) {
        sets.push_back({t.first_segment, t.first_segment + std::max<std::uint64_t>(t.segments, 1) - 1});
      }
    }
  }
  std::set<std::size_t> bad;
  for (const edi::Diagnostic& d : diagnostics.items()) {
    if (d.severity != edi::Severity::kError) continue;
    const bool envelope_code = d.code == edi::DiagCode::kMissingTrailer ||
                               d.code == edi::DiagCode::kControlNumberMismatch ||
                               d.code == edi::DiagCode::kCountMismatch ||
                               d.code == edi::DiagCode::kControlNumberInvalid;
    if (!envelope_code) continue;
    const std::string where = edi::DescribePosition(d.pos, d.segment_id) + ": " + d.message +
                              " [" + std::string(edi::DiagCodeName(d.code)) + "]";
    const bool set_level = d.segment_id == "SE" || d.segment_id == "ST";
    std::size_t in_set = sets.size();
    for (std::size_t i = 0; i < sets.size(); ++i) {
      if (d.pos.segment >= sets[i].first && d.pos.segment <= sets[i].last + 1) in_set = i;
    }
    if (set_level && in_set < sets.size()) {
      bad.insert(in_set);
      v.set_problems.push_back(where + " (this transaction set was not applied)");
    } else {
      v.file_problems.push_back(where);
    }
  }
  for (std::size_t i : bad) {
    const std::uint64_t from = sets[i].first - 1;
    const std::uint64_t to = std::min<std::uint64_t>(sets[i].last, offsets.size() - 1);
    if (from < offsets.size()) v.skip.emplace_back(offsets[from], offsets[to]);
  }
  return v;
}

// `bytes` without the given byte ranges (sorted, not overlapping).
std::string WithoutRanges(std::string_view bytes,
                          const std::vector<std::pair<std::uint64_t, std::uint64_t>>& skip) {
  std::string out;
  std::uint64_t at = 0;
  for (const auto& [from, to] : skip) {
    if (from > at) out.append(bytes.substr(at, from - at));
    at = std::max(at, to);
  }
  if (at < bytes.size()) out.append(bytes.substr(at));
  return out;
}

// The files (by SHA-256) being imported in this process, so that a resumed import (see Import)
// never runs beside the import it resumes.
class InProgress {
 public:
  explicit InProgress(std::string id) : id_(std::move(id)) {
    std::lock_guard lock(Mu());
    owned_ = Ids().insert(id_).second;
  }
  ~InProgress() {
    if (!owned_) return;
    std::lock_guard lock(Mu());
    Ids().erase(id_);
  }
  InProgress(const InProgress&) = delete;
  InProgress& operator=(const InProgress&) = delete;
  bool owned() const { return owned_; }

 private:
  static std::mutex& Mu() {
    static std::mutex mu;
    return mu;
  }
  static std::set<std::string>& Ids() {
    static std::set<std::string> ids;
    return ids;
  }
  std::string id_;
  bool owned_ = false;
};

void Count(ops::Registry* metrics, const std::string& kind, const ImportReport& r) {
  if (metrics == nullptr) return;
  metrics
      ->AddCounter("claimgate_inbound_files_total",
                   "Payer response files imported, by kind and resulting state", {"kind", "state"})
      .Inc({kind, r.duplicate ? "DUPLICATE" : r.state});
  if (r.duplicate) return;
  auto& items = metrics->AddCounter("claimgate_inbound_items_total",
                                    "Claims matched and items left unmatched by imports",
                                    {"kind", "outcome"});
  if (r.claims_matched > 0) items.Inc({kind, "matched"}, r.claims_matched);
  if (r.unmatched > 0) items.Inc({kind, "unmatched"}, r.unmatched);
}

}  // namespace

namespace inbound_detail {

std::string Trim(std::string_view text) {
  size_t b = text.find_first_not_of(' ');
  if (b == std::string_view::npos) return {};
  size_t e = text.find_last_not_of(' ');
  return std::string(text.substr(b, e - b + 1));
}

std::string DescribeFinding(const edi::hipaa::Finding& f) {
  std::string out = "segment " + std::to_string(f.segment);
  if (!f.segment_id.empty()) out += " (" + f.segment_id + ")";
  if (f.element > 0) out += " element " + std::to_string(f.element);
  return out + ": " + f.message + " [" + f.code + "]";
}

void ImportRun::Problem(std::string text) {
  auto& problems = report->problems;
  if (problems.size() < kMaxProblems) {
    problems.push_back(std::move(text));
  } else if (problems.size() == kMaxProblems) {
    problems.push_back("more problems were found; only the first 100 are listed");
  }
}

void ImportRun::ApplyClaimEvent(const std::string& claim_id, ClaimEventKind event,
                                std::string detail) {
  if (detail.size() > 2000) detail = detail.substr(0, 1990) + " ...";
  std::string what = "claim " + claim_id + " event " + std::string(EventName(event));
  pipeline::ApplyEvent(
      store, "", claim_id, event, std::move(detail), file_id,
      writes.Track<store::ClaimEvent>(std::move(what), [this, claim_id](const store::ClaimEvent&) {
        matched_claims.insert(claim_id);  // under the tracker's lock
      }));
}

void ImportRun::AddStatus(store::StatusRecord record) {
  record.payer_id = source.payer_id;
  record.inbound_file_id = file_id;
  std::string what = "status record (" + record.source + ")";
  store.InsertStatusRecord(std::move(record), writes.Track<store::StatusRecord>(std::move(what)));
}

}  // namespace inbound_detail

std::string DetectInboundKind(std::string_view bytes) {
  edi::DiagnosticList diagnostics(16);
  return ReadEnvelope(bytes, &diagnostics).kind;
}

std::optional<ClaimEventKind> RemitEventFor(std::string_view clp02, int64_t paid_cents,
                                            bool has_pr_adjustment) {
  if (clp02 == "22") return ClaimEventKind::kReversed;
  if (clp02 == "4") return ClaimEventKind::kDenied;
  for (std::string_view processed : {"1", "2", "3", "19", "20", "21"}) {
    if (clp02 != processed) continue;
    if (paid_cents > 0 || has_pr_adjustment) return ClaimEventKind::kPaid;
    return ClaimEventKind::kDenied;
  }
  return std::nullopt;
}

InboundImporter::InboundImporter(store::Store& store, ops::Registry* metrics)
    : store_(store), metrics_(metrics) {}

edi::Result<ImportReport> InboundImporter::Import(const InboundSource& source, std::string bytes) {
  return Run(source, std::move(bytes), /*reviewed=*/false);
}

edi::Result<ImportReport> InboundImporter::ApplyReviewed(const std::string& file_id) {
  auto file = store_.GetInboundFile(file_id, /*with_bytes=*/true);
  if (!file) return file.error();
  if (file->state != "HELD") {
    return edi::Error{"conflict", "inbound file " + file_id + " is " + file->state +
                                      ", not HELD: only a held file is applied after review"};
  }
  return Run({file->payer_id, file->source_name, file->tenant_id}, std::move(file->bytes),
             /*reviewed=*/true);
}

edi::Result<ImportReport> InboundImporter::Run(const InboundSource& source, std::string bytes,
                                               bool reviewed) {
  edi::DiagnosticList envelope_findings(50);
  Envelope env = ReadEnvelope(bytes, &envelope_findings);
  ImportReport report;
  report.kind = env.kind;

  InProgress claim_file(store::Sha256Hex(bytes));
  // The raw file first: whatever happens next, the payer's bytes are kept.
  std::string copy = bytes;
  auto inserted = store::Wait<store::InboundFileInsert>([&](auto done) {
    store_.InsertInboundFile(store::NewInboundFile{source.tenant_id, source.payer_id, env.kind,
                                                   source.source_name, std::move(copy)},
                             std::move(done));
  });
  if (!inserted) return inserted.error();
  report.inbound_file_id = inserted->id;
  // A file left RECEIVED was stored by an import that stopped before applying it (a crash):
  // the same bytes again finish that import instead of being a duplicate.
  // A HELD file is applied only when a platform operator asks, after review.
  bool resume = inserted->duplicate && claim_file.owned() &&
                (inserted->state == "RECEIVED" || (reviewed && inserted->state == "HELD"));
  if (inserted->duplicate && !resume) {
    report.duplicate = true;
    report.state = inserted->state;
    if (auto earlier = store_.GetInboundFile(inserted->id, false)) report.kind = earlier->kind;
    Count(metrics_, report.kind, report);
    return report;
  }

  // A file whose envelope is broken is not applied: it is kept (HELD) for a platform operator to
  // review and apply (Apply with reviewed = true); a broken transaction set is left out.
  std::string kept;  // the bytes applied when some sets are left out
  std::string_view to_apply = bytes;
  std::vector<std::string> held_back;
  if (env.kind != "unknown" && !reviewed) {
    EnvelopeVerdict verdict = CheckEnvelope(bytes);
    if (!verdict.file_problems.empty()) {
      report.state = "HELD";
      for (std::string& p : verdict.file_problems) {
        if (report.problems.size() < kMaxProblems) report.problems.push_back(std::move(p));
      }
      report.problems.push_back(
          "not applied: the envelope is broken; a platform operator may apply it after review "
          "(POST /v1/inbound/{id}/apply)");
      return Finish(report);
    }
    if (!verdict.skip.empty()) {
      kept = WithoutRanges(bytes, verdict.skip);
      to_apply = kept;
      held_back = std::move(verdict.set_problems);
    }
  }
  ImportRun run{store_, source, inserted->id, to_apply, env.sender, env.receiver, &report, {}, {}, 0};
  for (std::string& p : held_back) run.Problem(std::move(p));
  if (env.kind == "unknown") {
    for (const edi::Diagnostic& d : envelope_findings.items()) {
      if (d.severity != edi::Severity::kError) continue;
      run.Problem(edi::DescribePosition(d.pos, d.segment_id) + ": " + d.message + " [" +
                  std::string(edi::DiagCodeName(d.code)) + "]");
    }
    run.Problem("not imported: " + env.why);
  } else if (env.kind == "TA1") {
    inbound_detail::ApplyTa1(run);
  } else if (env.kind == "999") {
    inbound_detail::ApplyTa1(run);  // a 999 file may carry a TA1 too
    inbound_detail::Apply999(run);
  } else if (env.kind == "835") {
    inbound_detail::ApplyRemittance(run);
  } else {
    inbound_detail::ApplyStatus(run);
  }
  run.writes.Wait();
  for (std::string& failure : run.writes.TakeFailures()) run.Problem(std::move(failure));
  report.claims_matched = static_cast<int>(run.matched_claims.size());

  if (env.kind == "unknown" || run.records_read == 0) {
    report.state = "FAILED";
    if (env.kind != "unknown") run.Problem("nothing of kind " + env.kind + " could be read");
  } else if (!report.problems.empty() || report.unmatched > 0) {
    report.state = "PARTIAL";
  } else {
    report.state = "APPLIED";
  }
  return Finish(report);
}

ImportReport InboundImporter::Finish(ImportReport& report) {
  if (report.state == "HELD") {
    if (auto log = spdlog::get("claimgate")) {
      log->warn("operator_alert event=inbound_file_held file={} kind={}", report.inbound_file_id,
                report.kind);
    }
  }
  std::string summary;
  for (const std::string& p : report.problems) {
    if (summary.size() > 1500) break;
    summary += (summary.empty() ? "" : "; ") + p;
  }
  auto updated = store::Wait<store::InboundFile>([&](auto done) {
    store_.UpdateInboundFile(report.inbound_file_id, report.state, summary, std::move(done));
  });
  if (!updated) report.problems.push_back("recording the file state: " + updated.error().message);
  Count(metrics_, report.kind, report);
  return report;
}

}  // namespace claimgate::pipeline
