// SqliteStore: claims, their events, idempotent insertion and atomic state transitions.
#include "src/store/sqlite_internal.hpp"

namespace claimgate::store {
namespace {

#define CLAIMGATE_CLAIM_COLUMNS                                                 \
  "SELECT id, tenant_id, patient_control_number, payer_id, claim_type, state, " \
  "COALESCE(interchange_id, ''), total_charge_cents, created_ms, updated_ms, "  \
  "event_count, encounter_enc, segments_enc, seq FROM claims "

Claim ClaimFromRow(const Stmt& s) {
  Claim c;
  c.id = s.Text(0);
  c.tenant_id = s.Text(1);
  c.patient_control_number = s.Text(2);
  c.payer_id = s.Text(3);
  c.claim_type = s.Text(4);
  c.state = s.Text(5);
  c.interchange_id = s.Text(6);
  c.total_charge_cents = s.Int(7);
  c.created_ms = s.Int(8);
  c.updated_ms = s.Int(9);
  c.event_count = s.Int(10);
  return c;
}

std::string IdempotencyAad(const std::string& tenant_id, const std::string& key) {
  return Aad("idempotency.response", tenant_id + "/" + key);
}

}  // namespace

void SqliteStore::InsertClaim(NewClaim claim, Done<InsertClaimResult> done) {
  if (claim.id.empty()) claim.id = NewId("clm");
  if (claim.events.empty()) {
    done(Error{"invalid", "a claim is stored with at least its first event"});
    return;
  }
  if (!claim.idempotency_key.empty() && claim.request_hash.empty()) {
    done(Error{"invalid", "an idempotency key needs the request hash"});
    return;
  }
  // Encrypt on the caller's thread so the single writer only does SQL.
  auto encounter = keys().Seal(claim.encounter_json, Aad("claims.encounter", claim.id));
  auto segments = keys().Seal(claim.claim_segments, Aad("claims.segments", claim.id));
  auto response =
      keys().Seal(claim.response_body, IdempotencyAad(claim.tenant_id, claim.idempotency_key));
  if (!encounter || !segments || !response) {
    done(Error{"encrypt_failed", "could not encrypt the claim"});
    return;
  }
  claim.encounter_json.clear();
  claim.claim_segments.clear();
  Submit<InsertClaimResult>(
      [this, c = std::move(claim), enc = std::move(*encounter), seg = std::move(*segments),
       resp = std::move(*response), now = NowMs()](Db& db) -> Result<InsertClaimResult> {
        InsertClaimResult out;
        // The claim's audit entry, when it has one, rides in the same transaction.
        auto audit = [&](const std::string& claim_id, const char* outcome) -> Result<void> {
          if (!c.audit) return {};
          AuditEntry e = *c.audit;
          if (e.at_ms == 0) e.at_ms = now;
          e.object_id = claim_id;
          e.outcome = outcome;
          return InsertAuditRow(db, e);
        };
        if (!c.idempotency_key.empty()) {
          auto q = db.Prepare(
              "SELECT request_hash, COALESCE(claim_id, ''), response_status, response_enc "
              "FROM idempotency_keys WHERE tenant_id = ? AND key = ?");
          q.Bind(1, c.tenant_id).Bind(2, c.idempotency_key);
          if (q.Step()) {
            out.claim_id = q.Text(1);
            if (q.Text(0) != c.request_hash) {
              out.kind = InsertClaimResult::Kind::kKeyReused;
              if (auto a = audit(out.claim_id, "key_reused"); !a) return a.error();
              return out;
            }
            auto body = keys().Open(q.Blob(3), IdempotencyAad(c.tenant_id, c.idempotency_key));
            if (!body) return body.error();
            out.kind = InsertClaimResult::Kind::kReplayed;
            out.response_status = static_cast<int>(q.Int(2));
            out.response_body = std::move(*body);
            if (auto a = audit(out.claim_id, "replayed"); !a) return a.error();
            return out;
          }
          if (!q.ok()) return db.LastError("reading idempotency key");
        }
        auto t = db.Prepare("SELECT 1 FROM tenants WHERE id = ?");
        t.Bind(1, c.tenant_id);
        if (!t.Step()) return NotFound("tenant");
        auto s = db.Prepare(
            "INSERT INTO claims(id, tenant_id, patient_control_number, payer_id, claim_type, "
            "state, total_charge_cents, encounter_enc, segments_enc, created_ms, updated_ms, "
            "event_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        s.Bind(1, c.id).Bind(2, c.tenant_id).Bind(3, c.patient_control_number);
        s.Bind(4, c.payer_id).Bind(5, c.claim_type).Bind(6, c.state);
        s.Bind(7, c.total_charge_cents).BindBlob(8, enc).BindBlob(9, seg).Bind(10, now);
        s.Bind(11, now).Bind(12, static_cast<int64_t>(c.events.size()));
        s.Step();
        if (!s.ok()) return db.LastError("inserting claim");
        int64_t claim_seq = sqlite3_last_insert_rowid(db.raw());
        int64_t n = 0;
        for (const auto& e : c.events) {
          auto ev = db.Prepare(
              "INSERT INTO claim_events(claim_seq, seq, type, from_state, to_state, detail, "
              "source_ref, at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
          ev.Bind(1, claim_seq).Bind(2, ++n).Bind(3, e.type).Bind(4, e.from_state);
          ev.Bind(5, e.to_state).Bind(6, e.detail).Bind(7, e.source_ref).Bind(8, now);
          ev.Step();
          if (!ev.ok()) return db.LastError("inserting claim event");
        }
        if (!c.idempotency_key.empty()) {
          auto k = db.Prepare(
              "INSERT INTO idempotency_keys(tenant_id, key, request_hash, claim_id, "
              "response_status, response_enc, created_ms) VALUES (?, ?, ?, ?, ?, ?, ?)");
          k.Bind(1, c.tenant_id).Bind(2, c.idempotency_key).Bind(3, c.request_hash);
          k.Bind(4, c.id).Bind(5, static_cast<int64_t>(c.response_status)).BindBlob(6, resp);
          k.Bind(7, now);
          k.Step();
          if (!k.ok()) return db.LastError("recording idempotency key");
        }
        if (auto a = audit(c.id, "created"); !a) return a.error();
        out.kind = InsertClaimResult::Kind::kCreated;
        out.claim_id = c.id;
        out.response_status = c.response_status;
        out.response_body = c.response_body;
        return out;
      },
      std::move(done));
}

Result<Claim> SqliteStore::ReadClaim(Db& db, const std::string& tenant_id,
                                     const std::string& claim_id, bool with_phi) {
  auto s = db.Prepare(CLAIMGATE_CLAIM_COLUMNS "WHERE id = ?1 AND (?2 = '' OR tenant_id = ?2)");
  s.Bind(1, claim_id).Bind(2, tenant_id);
  if (!s.Step()) {
    if (!s.ok()) return db.LastError("reading claim");
    return NotFound("claim");
  }
  Claim c = ClaimFromRow(s);
  if (with_phi) {
    auto enc = keys().Open(s.Blob(11), Aad("claims.encounter", c.id));
    auto seg = keys().Open(s.Blob(12), Aad("claims.segments", c.id));
    if (!enc) return enc.error();
    if (!seg) return seg.error();
    c.encounter_json = std::move(*enc);
    c.claim_segments = std::move(*seg);
  }
  return c;
}

Result<Claim> SqliteStore::GetClaim(const std::string& tenant_id, const std::string& claim_id,
                                    bool with_phi) {
  if (tenant_id.empty()) return NotFound("claim");  // scoped read: a tenant is required
  auto reader = AcquireReader();
  if (!reader) return reader.error();
  return ReadClaim(**reader, tenant_id, claim_id, with_phi);
}

Result<ClaimPage> SqliteStore::ListClaims(const std::string& tenant_id, const ClaimFilter& f) {
  auto after = DecodeCursor("claims", f.cursor);
  if (!after) return after.error();
  auto reader = AcquireReader();
  if (!reader) return reader.error();
  int limit = ClampLimit(f.limit, 500);
  auto s = (*reader)->Prepare(CLAIMGATE_CLAIM_COLUMNS
                              "WHERE tenant_id = ?1 AND seq > ?2 AND (?3 = '' OR state = ?3) "
                              "AND (?4 = '' OR payer_id = ?4) AND "
                              "(?5 = '' OR patient_control_number = ?5) AND created_ms >= ?6 "
                              "ORDER BY seq LIMIT ?7");
  s.Bind(1, tenant_id).Bind(2, *after).Bind(3, f.state).Bind(4, f.payer_id);
  s.Bind(5, f.patient_control_number).Bind(6, f.since_ms).Bind(7, int64_t{limit} + 1);
  ClaimPage page;
  int64_t last_seq = 0;
  while (s.Step()) {
    if (static_cast<int>(page.claims.size()) == limit) {
      page.next_cursor = EncodeCursor("claims", last_seq);
      break;
    }
    page.claims.push_back(ClaimFromRow(s));
    last_seq = s.Int(13);
  }
  if (!s.ok()) return (*reader)->LastError("listing claims");
  return page;
}

Result<std::vector<ClaimEvent>> SqliteStore::ListClaimEvents(const std::string& tenant_id,
                                                             const std::string& claim_id) {
  auto reader = AcquireReader();
  if (!reader) return reader.error();
  auto s = (*reader)->Prepare(
      "SELECT e.seq, e.type, e.from_state, e.to_state, e.detail, e.source_ref, e.at_ms "
      "FROM claims c JOIN claim_events e ON e.claim_seq = c.seq "
      "WHERE c.id = ? AND c.tenant_id = ? ORDER BY e.seq");
  s.Bind(1, claim_id).Bind(2, tenant_id);
  std::vector<ClaimEvent> out;
  while (s.Step()) {
    out.push_back(
        ClaimEvent{s.Int(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5), s.Int(6)});
  }
  if (!s.ok()) return (*reader)->LastError("listing claim events");
  if (out.empty()) return NotFound("claim");  // every claim has at least one event
  return out;
}

Result<ClaimEvent> SqliteStore::AppendEvent(Db& db, const std::string& tenant_id,
                                            const std::string& claim_id,
                                            const ClaimEventInput& event, const DecideFn& decide) {
  auto q = db.Prepare(
      "SELECT seq, state, event_count FROM claims WHERE id = ?1 AND (?2 = '' OR tenant_id = ?2)");
  q.Bind(1, claim_id).Bind(2, tenant_id);
  if (!q.Step()) {
    if (!q.ok()) return db.LastError("reading claim");
    return NotFound("claim");
  }
  int64_t claim_seq = q.Int(0);
  std::string from = q.Text(1);
  int64_t count = q.Int(2);
  TransitionDecision d = decide ? decide(from) : TransitionDecision{};
  if (d.kind == TransitionDecision::Kind::kRefuse) {
    return Error{"transition_refused", d.reason};
  }
  if (d.kind == TransitionDecision::Kind::kMove && d.to_state.empty()) {
    return Error{"transition_refused", "no target state"};
  }
  ClaimEvent e;
  e.seq = count + 1;
  e.type = event.type;
  e.from_state = from;
  e.to_state = d.kind == TransitionDecision::Kind::kMove ? d.to_state : from;
  e.detail = event.detail;
  if (d.kind == TransitionDecision::Kind::kRecordOnly && !d.reason.empty()) {
    e.detail += e.detail.empty() ? d.reason : " (" + d.reason + ")";
  }
  e.source_ref = event.source_ref;
  e.at_ms = NowMs();
  auto ins = db.Prepare(
      "INSERT INTO claim_events(claim_seq, seq, type, from_state, to_state, detail, source_ref, "
      "at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  ins.Bind(1, claim_seq).Bind(2, e.seq).Bind(3, e.type).Bind(4, e.from_state);
  ins.Bind(5, e.to_state).Bind(6, e.detail).Bind(7, e.source_ref).Bind(8, e.at_ms);
  ins.Step();
  if (!ins.ok()) return db.LastError("inserting claim event");
  auto up =
      db.Prepare("UPDATE claims SET state = ?, event_count = ?, updated_ms = ? WHERE seq = ?");
  up.Bind(1, e.to_state).Bind(2, e.seq).Bind(3, e.at_ms).Bind(4, claim_seq);
  up.Step();
  if (!up.ok()) return db.LastError("updating claim state");
  return e;
}

void SqliteStore::ApplyClaimEvent(std::string tenant_id, std::string claim_id,
                                  ClaimEventInput event, DecideFn decide, Done<ClaimEvent> done) {
  Submit<ClaimEvent>([this, tenant_id = std::move(tenant_id), claim_id = std::move(claim_id),
                      event = std::move(event), decide = std::move(decide)](
                         Db& db) { return AppendEvent(db, tenant_id, claim_id, event, decide); },
                     std::move(done));
}

Result<std::vector<Claim>> SqliteStore::ListClaimsByState(const std::string& payer_id,
                                                          const std::string& state, int limit) {
  auto reader = AcquireReader();
  if (!reader) return reader.error();
  auto s = (*reader)->Prepare(CLAIMGATE_CLAIM_COLUMNS
                              "WHERE payer_id = ? AND state = ? ORDER BY seq LIMIT ?");
  s.Bind(1, payer_id).Bind(2, state).Bind(3, static_cast<int64_t>(ClampLimit(limit, 100000)));
  std::vector<Claim> out;
  while (s.Step()) out.push_back(ClaimFromRow(s));
  if (!s.ok()) return (*reader)->LastError("listing claims");
  return out;
}

Result<Claim> SqliteStore::FindClaimByControlNumber(const std::string& payer_id,
                                                    const std::string& patient_control_number) {
  auto reader = AcquireReader();
  if (!reader) return reader.error();
  auto s = (*reader)->Prepare(CLAIMGATE_CLAIM_COLUMNS
                              "WHERE payer_id = ? AND patient_control_number = ? LIMIT 2");
  s.Bind(1, payer_id).Bind(2, patient_control_number);
  if (!s.Step()) {
    if (!s.ok()) return (*reader)->LastError("reading claim");
    return NotFound("claim");
  }
  Claim c = ClaimFromRow(s);
  if (s.Step()) {
    return Error{"ambiguous", "more than one tenant has a claim with this control number"};
  }
  return c;
}

Result<Claim> SqliteStore::FindClaimByPayerClaimNumber(const std::string& payer_id,
                                                       const std::string& payer_claim_number) {
  if (payer_claim_number.empty()) return NotFound("claim");
  auto reader = AcquireReader();
  if (!reader) return reader.error();
  Db& db = **reader;
  auto s = db.Prepare(
      "SELECT DISTINCT claim_id FROM status_records WHERE payer_id = ?1 AND "
      "payer_claim_control_number = ?2 AND payer_claim_control_number <> '' AND claim_id <> '' "
      "UNION SELECT cp.claim_id FROM claim_payments cp JOIN claims c ON c.id = cp.claim_id "
      "WHERE cp.payer_claim_control_number = ?2 AND cp.payer_claim_control_number <> '' AND "
      "c.payer_id = ?1 LIMIT 2");
  s.Bind(1, payer_id).Bind(2, payer_claim_number);
  if (!s.Step()) {
    if (!s.ok()) return db.LastError("reading payer claim number");
    return NotFound("claim");
  }
  const std::string claim_id = s.Text(0);
  if (s.Step()) {
    return Error{"ambiguous", "more than one claim has this payer claim number"};
  }
  return ReadClaim(db, "", claim_id, /*with_phi=*/false);
}

Result<std::map<std::string, int64_t>> SqliteStore::CountClaimsByState() {
  auto reader = AcquireReader();
  if (!reader) return reader.error();
  auto s = (*reader)->Prepare("SELECT state, COUNT(*) FROM claims GROUP BY state");
  std::map<std::string, int64_t> out;
  while (s.Step()) out[s.Text(0)] = s.Int(1);
  if (!s.ok()) return (*reader)->LastError("counting claims");
  return out;
}

}  // namespace claimgate::store
