// Inbound payer responses: one file (TA1, 999, 277CA, 277 or 835) is stored raw with its SHA-256
// FIRST, then parsed, matched to interchanges and claims, and applied: claims move through the
// lifecycle (pipeline::ApplyEvent), remittances and status records are stored, unmatched items
// are kept visible (StatusRecord without claim_id / ClaimPayment without claim_id), never dropped.
// Importing the same bytes again changes nothing (duplicate = true).
// Blocking (waits for durable writes): call from a worker thread. Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "edi/result.hpp"
#include "src/pipeline/lifecycle.hpp"
#include "src/store/store.hpp"

namespace claimgate::ops {
class Registry;
}

namespace claimgate::pipeline {

struct InboundSource {
  std::string payer_id;     // the payer it came from (SFTP folder / CORE endpoint / operator)
  std::string source_name;  // remote file name, PayloadID or upload name; no PHI
  std::string tenant_id;    // empty: matched claims decide the tenant
};

struct ImportReport {
  std::string inbound_file_id;
  bool duplicate = false;  // the same bytes were imported before; nothing was applied again
  std::string kind;        // "TA1", "999", "277CA", "277", "835", "unknown"
  std::string state;  // after the import: "APPLIED", "PARTIAL", "FAILED", or "HELD" (not applied)
  int claims_matched = 0;  // claims that received an event
  int unmatched = 0;       // items kept in the unmatched queue
  std::vector<std::string> remittance_ids;
  std::vector<std::string> problems;  // parse findings and refusals, PHI-free, for operators
};

// The kind of a payer response from its envelope: "TA1" (a TA1 after the ISA and no
// transaction set), "999", "277CA" (ST01 277 with guide 005010X214 in ST03/GS08, or BHT06 TH),
// "277" (X212), "835", or "unknown" (no ISA, another transaction set). Reads up to the first
// ST (and its BHT): cheap on files of any size.
std::string DetectInboundKind(std::string_view bytes);

// What an 835 claim payment does to its claim (documented rule, tested alone):
//   CLP02 22                          -> kReversed
//   CLP02 4                           -> kDenied
//   CLP02 1/2/3/19/20/21, paid > 0    -> kPaid
//   CLP02 1/2/3/19/20/21, paid 0      -> kDenied, unless a PR adjustment (patient responsibility:
//                                        deductible, coinsurance) explains the zero: then kPaid
//   other CLP02 (23 not our claim, 25 predetermination ...) -> nullopt (recorded, no event)
// `has_pr_adjustment`: a CAS group PR with a non-zero amount on the claim or one of its lines.
std::optional<ClaimEventKind> RemitEventFor(std::string_view clp02, int64_t paid_cents,
                                            bool has_pr_adjustment);

class InboundImporter {
 public:
  // `store` must outlive the importer; `metrics` may be null.
  explicit InboundImporter(store::Store& store, ops::Registry* metrics = nullptr);

  // Stores `bytes`, then parses and applies them. Fails only when the store cannot take the raw
  // file (nothing then happened); a file that does not parse is stored with state FAILED and
  // the problems listed.
  // A file whose interchange or group envelope is broken (ISA/IEA, GS/GE counts and control
  // numbers, a missing trailer) is stored and not applied: state HELD, the problems listed, an
  // `operator_alert event=inbound_file_held` logged and a watchdog alert. A transaction set whose
  // ST/SE is broken is left out and the file's other sets are applied (state PARTIAL).
  edi::Result<ImportReport> Import(const InboundSource& source, std::string bytes);

  // Applies a HELD file as it is, after a platform operator reviewed it. Error "conflict" when
  // the file is not HELD, "not_found" when there is none.
  edi::Result<ImportReport> ApplyReviewed(const std::string& file_id);

 private:
  edi::Result<ImportReport> Run(const InboundSource& source, std::string bytes, bool reviewed);
  ImportReport Finish(ImportReport& report);

  store::Store& store_;
  ops::Registry* metrics_;
};

}  // namespace claimgate::pipeline
