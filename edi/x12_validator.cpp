#include "edi/x12_validator.hpp"

namespace edi {

X12Validator::X12Validator(const schema::SchemaRegistry* registry, DiagnosticSink& sink,
                           const EnvelopeOptions& options)
    : registry_(registry), sink_(sink), envelope_(sink, options) {}

void X12Validator::EndSet() {
  if (set_) set_->Finish();
  if (claim_rules_) claim_rules_->Finish();
  set_.reset();
  claim_rules_.reset();
  schema_ = nullptr;
}

void X12Validator::Add(const Segment& segment, const InterchangeHeader& header) {
  std::string_view id = segment.id();
  // A set that never got its SE ends where the envelope says it does.
  if (set_ && (id == "ST" || id == "GE" || id == "IEA" || id == "ISA")) EndSet();
  envelope_.Add(segment, header);
  if (id == "ST" && registry_ != nullptr) {
    std::string version(segment.element(3).empty() ? envelope_.group_version()
                                                   : segment.element(3));
    bool exact = true;
    schema_ = registry_->Find(segment.element(1), version, &exact);
    Position pos{segment.byte_offset(), segment.index(), 1, 0, 0, 0};
    std::string key = std::string(segment.element(1)) + " " + version;
    if (schema_ == nullptr) {
      if (noted_.insert(key).second) {
        sink_.Report(
            {DiagCode::kNoSchema,
             Severity::kInfo,
             pos,
             "ST",
             "no implementation-guide schema for " + key + " yet; only the envelope was checked",
             version,
             {}});
      }
    } else {
      if (!exact && noted_.insert(key).second) {
        sink_.Report({DiagCode::kSchemaVersionNote,
                      Severity::kInfo,
                      pos,
                      "ST",
                      key + " is read with the " + schema_->guide + " schema",
                      version,
                      {}});
      }
      set_ = std::make_unique<TransactionValidator>(*schema_, sink_);
      if (schema_->id == "837") claim_rules_ = std::make_unique<ClaimRules>(sink_);
    }
  }
  if (set_) {
    set_->Add(segment, envelope_.segment_in_set());
    if (claim_rules_) claim_rules_->Add(segment, set_->current_loop(), envelope_.segment_in_set());
    if (id == "SE") EndSet();
  }
}

void X12Validator::Finish() {
  EndSet();
  envelope_.Finish();
}

}  // namespace edi
