// SqliteStore: remittances (835 payments, adjustments, PLB) and status records.
#include "src/store/sqlite_internal.hpp"

namespace claimgate::store {
namespace {

std::string PatientAad(const std::string& remittance_id, size_t ci) {
  return Aad("claim_payments.patient", remittance_id + "/" + std::to_string(ci));
}
std::string ServiceDateAad(const std::string& remittance_id, size_t ci, size_t si) {
  return Aad("service_payments.date",
             remittance_id + "/" + std::to_string(ci) + "/" + std::to_string(si));
}

// Remark codes in one column: "HE:N130 MOA:MA01" (codes hold no spaces or colons).
std::string JoinRemarks(const std::vector<RemarkCode>& remarks) {
  std::string out;
  for (const auto& r : remarks) {
    if (r.code.empty()) continue;
    if (!out.empty()) out += ' ';
    out += r.qualifier + ":" + r.code;
  }
  return out;
}
std::vector<RemarkCode> SplitRemarks(std::string_view text) {
  std::vector<RemarkCode> out;
  while (!text.empty()) {
    const size_t space = text.find(' ');
    std::string_view item = text.substr(0, space);
    const size_t colon = item.find(':');
    if (colon != std::string_view::npos) {
      out.push_back({std::string(item.substr(0, colon)), std::string(item.substr(colon + 1))});
    }
    if (space == std::string_view::npos) break;
    text.remove_prefix(space + 1);
  }
  return out;
}

Result<void> InsertAdjustments(Db& db, int64_t cp_seq, int64_t sp_seq,
                               const std::vector<Adjustment>& adjustments) {
  for (const auto& a : adjustments) {
    auto s = db.Prepare(
        "INSERT INTO adjustments(claim_payment_seq, service_payment_seq, group_code, "
        "reason_code, amount_cents, quantity) VALUES (?, ?, ?, ?, ?, ?)");
    s.Bind(1, cp_seq);
    if (sp_seq == 0) {
      s.BindNull(2);
    } else {
      s.Bind(2, sp_seq);
    }
    s.Bind(3, a.group_code).Bind(4, a.reason_code).Bind(5, a.amount_cents).Bind(6, a.quantity);
    s.Step();
    if (!s.ok()) return db.LastError("inserting adjustment");
  }
  return {};
}

Result<std::vector<Adjustment>> ReadAdjustments(Db& db, Stmt& s) {
  std::vector<Adjustment> out;
  while (s.Step()) out.push_back(Adjustment{s.Text(0), s.Text(1), s.Int(2), s.Text(3)});
  if (!s.ok()) return db.LastError("reading adjustments");
  return out;
}

Remittance RemittanceFromRow(const Stmt& s) {
  Remittance r;
  r.id = s.Text(0);
  r.tenant_id = s.Text(1);
  r.payer_id = s.Text(2);
  r.inbound_file_id = s.Text(3);
  r.trace_number = s.Text(4);
  r.payment_method = s.Text(5);
  r.payment_date = s.Text(6);
  r.total_paid_cents = s.Int(7);
  r.created_ms = s.Int(8);
  return r;
}

#define CLAIMGATE_REMIT_COLUMNS                                                     \
  "SELECT id, tenant_id, payer_id, inbound_file_id, trace_number, payment_method, " \
  "payment_date, total_paid_cents, created_ms, seq FROM remittances "
#define CLAIMGATE_PAYMENT_COLUMNS                                             \
  "SELECT cp.seq, r.id, cp.ordinal, cp.claim_id, cp.patient_control_number, " \
  "cp.status_code, cp.charge_cents, cp.paid_cents, cp.patient_resp_cents, "   \
  "cp.payer_claim_control_number, cp.patient_enc, cp.remarks "                \
  "FROM claim_payments cp JOIN remittances r ON r.seq = cp.remittance_seq "
#define CLAIMGATE_STATUS_COLUMNS                                                     \
  "SELECT id, tenant_id, claim_id, payer_id, source, inbound_file_id, "              \
  "patient_control_number, payer_claim_control_number, category_code, status_code, " \
  "entity_code, effective_date, detail_enc, created_ms FROM status_records "

}  // namespace

void SqliteStore::InsertRemittance(NewRemittance r, Done<Remittance> done) {
  if (r.tenant_id.empty()) {
    done(Error{"invalid", "a remittance belongs to one tenant"});
    return;
  }
  std::string id = NewId("rem");
  // Seal on the caller's thread; the writer only does SQL.
  std::vector<std::string> patient_enc;
  std::vector<std::vector<std::string>> date_enc;
  for (size_t ci = 0; ci < r.claims.size(); ++ci) {
    auto& cp = r.claims[ci];
    auto p = keys().Seal(cp.patient_json, PatientAad(id, ci));
    if (!p) return done(p.error());
    patient_enc.push_back(std::move(*p));
    cp.patient_json.clear();
    date_enc.emplace_back();
    for (size_t si = 0; si < cp.services.size(); ++si) {
      auto d = keys().Seal(cp.services[si].service_date, ServiceDateAad(id, ci, si));
      if (!d) return done(d.error());
      date_enc.back().push_back(std::move(*d));
      cp.services[si].service_date.clear();
    }
  }
  Submit<Remittance>(
      [r = std::move(r), id, patient_enc = std::move(patient_enc), date_enc = std::move(date_enc),
       now = NowMs()](Db& db) -> Result<Remittance> {
        auto s = db.Prepare(
            "INSERT INTO remittances(id, tenant_id, payer_id, inbound_file_id, trace_number, "
            "payment_method, payment_date, total_paid_cents, created_ms) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        s.Bind(1, id).Bind(2, r.tenant_id).Bind(3, r.payer_id).Bind(4, r.inbound_file_id);
        s.Bind(5, r.trace_number).Bind(6, r.payment_method).Bind(7, r.payment_date);
        s.Bind(8, r.total_paid_cents).Bind(9, now);
        s.Step();
        if (!s.ok()) return db.LastError("inserting remittance");
        int64_t rseq = sqlite3_last_insert_rowid(db.raw());
        for (size_t ci = 0; ci < r.claims.size(); ++ci) {
          const auto& cp = r.claims[ci];
          if (!cp.claim_id.empty()) {  // a payment may only point at the same tenant's claim
            auto t = db.Prepare("SELECT 1 FROM claims WHERE id = ? AND tenant_id = ?");
            t.Bind(1, cp.claim_id).Bind(2, r.tenant_id);
            if (!t.Step()) return NotFound("claim " + cp.claim_id);
          }
          auto c = db.Prepare(
              "INSERT INTO claim_payments(remittance_seq, ordinal, claim_id, "
              "patient_control_number, status_code, charge_cents, paid_cents, "
              "patient_resp_cents, payer_claim_control_number, patient_enc, remarks) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
          c.Bind(1, rseq).Bind(2, static_cast<int64_t>(ci)).Bind(3, cp.claim_id);
          c.Bind(4, cp.patient_control_number).Bind(5, cp.status_code).Bind(6, cp.charge_cents);
          c.Bind(7, cp.paid_cents).Bind(8, cp.patient_responsibility_cents);
          c.Bind(9, cp.payer_claim_control_number).BindBlob(10, patient_enc[ci]);
          c.Bind(11, JoinRemarks(cp.remarks));
          c.Step();
          if (!c.ok()) return db.LastError("inserting claim payment");
          int64_t cp_seq = sqlite3_last_insert_rowid(db.raw());
          if (auto a = InsertAdjustments(db, cp_seq, 0, cp.adjustments); !a) return a.error();
          for (size_t si = 0; si < cp.services.size(); ++si) {
            const auto& sp = cp.services[si];
            auto v = db.Prepare(
                "INSERT INTO service_payments(claim_payment_seq, ordinal, procedure, "
                "charge_cents, paid_cents, units, line_control_number, service_date_enc, "
                "remarks) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
            v.Bind(1, cp_seq).Bind(2, static_cast<int64_t>(si)).Bind(3, sp.procedure);
            v.Bind(4, sp.charge_cents).Bind(5, sp.paid_cents).Bind(6, sp.units);
            v.Bind(7, sp.line_control_number).BindBlob(8, date_enc[ci][si]);
            v.Bind(9, JoinRemarks(sp.remarks));
            v.Step();
            if (!v.ok()) return db.LastError("inserting service payment");
            int64_t sp_seq = sqlite3_last_insert_rowid(db.raw());
            if (auto a = InsertAdjustments(db, cp_seq, sp_seq, sp.adjustments); !a) {
              return a.error();
            }
          }
        }
        for (const auto& pa : r.provider_adjustments) {
          auto p = db.Prepare(
              "INSERT INTO provider_adjustments(remittance_seq, provider_id, fiscal_period_date, "
              "reason_code, reference, amount_cents) VALUES (?, ?, ?, ?, ?, ?)");
          p.Bind(1, rseq).Bind(2, pa.provider_id).Bind(3, pa.fiscal_period_date);
          p.Bind(4, pa.reason_code).Bind(5, pa.reference).Bind(6, pa.amount_cents);
          p.Step();
          if (!p.ok()) return db.LastError("inserting provider adjustment");
        }
        Remittance out{id,
                       r.tenant_id,
                       r.payer_id,
                       r.inbound_file_id,
                       r.trace_number,
                       r.payment_method,
                       r.payment_date,
                       r.total_paid_cents,
                       now,
                       {},
                       {}};
        return out;
      },
      std::move(done));
}

Result<std::vector<ClaimPayment>> SqliteStore::ReadClaimPayments(Db& db, Stmt& rows) {
  std::vector<ClaimPayment> out;
  while (rows.Step()) {
    int64_t cp_seq = rows.Int(0);
    std::string rem_id = rows.Text(1);
    auto ci = static_cast<size_t>(rows.Int(2));
    ClaimPayment cp;
    cp.claim_id = rows.Text(3);
    cp.patient_control_number = rows.Text(4);
    cp.status_code = rows.Text(5);
    cp.charge_cents = rows.Int(6);
    cp.paid_cents = rows.Int(7);
    cp.patient_responsibility_cents = rows.Int(8);
    cp.payer_claim_control_number = rows.Text(9);
    auto patient = keys().Open(rows.Blob(10), PatientAad(rem_id, ci));
    if (!patient) return patient.error();
    cp.patient_json = std::move(*patient);
    cp.remarks = SplitRemarks(rows.Text(11));
    {
      auto a = db.Prepare(
          "SELECT group_code, reason_code, amount_cents, quantity FROM adjustments "
          "WHERE claim_payment_seq = ? AND service_payment_seq IS NULL ORDER BY seq");
      a.Bind(1, cp_seq);
      auto adj = ReadAdjustments(db, a);
      if (!adj) return adj.error();
      cp.adjustments = std::move(*adj);
    }
    auto v = db.Prepare(
        "SELECT seq, ordinal, procedure, charge_cents, paid_cents, units, line_control_number, "
        "service_date_enc, remarks FROM service_payments WHERE claim_payment_seq = ? "
        "ORDER BY ordinal");
    v.Bind(1, cp_seq);
    while (v.Step()) {
      ServicePayment sp;
      sp.procedure = v.Text(2);
      sp.charge_cents = v.Int(3);
      sp.paid_cents = v.Int(4);
      sp.units = v.Text(5);
      sp.line_control_number = v.Text(6);
      auto date = keys().Open(v.Blob(7), ServiceDateAad(rem_id, ci, static_cast<size_t>(v.Int(1))));
      if (!date) return date.error();
      sp.service_date = std::move(*date);
      sp.remarks = SplitRemarks(v.Text(8));
      auto a = db.Prepare(
          "SELECT group_code, reason_code, amount_cents, quantity FROM adjustments "
          "WHERE service_payment_seq = ? ORDER BY seq");
      a.Bind(1, v.Int(0));
      auto adj = ReadAdjustments(db, a);
      if (!adj) return adj.error();
      sp.adjustments = std::move(*adj);
      cp.services.push_back(std::move(sp));
    }
    if (!v.ok()) return db.LastError("reading service payments");
    out.push_back(std::move(cp));
  }
  if (!rows.ok()) return db.LastError("reading claim payments");
  return out;
}

Result<Remittance> SqliteStore::GetRemittance(const std::string& tenant_id,
                                              const std::string& remittance_id) {
  auto reader = AcquireReader();
  if (!reader) return reader.error();
  Db& db = **reader;
  Remittance r;
  int64_t rseq = 0;
  {
    auto s = db.Prepare(CLAIMGATE_REMIT_COLUMNS "WHERE id = ? AND tenant_id = ?");
    s.Bind(1, remittance_id).Bind(2, tenant_id);
    if (!s.Step()) {
      if (!s.ok()) return db.LastError("reading remittance");
      return NotFound("remittance");
    }
    r = RemittanceFromRow(s);
    rseq = s.Int(9);
  }
  auto rows = db.Prepare(CLAIMGATE_PAYMENT_COLUMNS "WHERE cp.remittance_seq = ? ORDER BY cp.seq");
  rows.Bind(1, rseq);
  auto payments = ReadClaimPayments(db, rows);
  if (!payments) return payments.error();
  r.claims = std::move(*payments);
  auto p = db.Prepare(
      "SELECT provider_id, fiscal_period_date, reason_code, reference, amount_cents "
      "FROM provider_adjustments WHERE remittance_seq = ? ORDER BY seq");
  p.Bind(1, rseq);
  while (p.Step()) {
    r.provider_adjustments.push_back(
        ProviderAdjustment{p.Text(0), p.Text(1), p.Text(2), p.Text(3), p.Int(4)});
  }
  if (!p.ok()) return db.LastError("reading provider adjustments");
  return r;
}

Result<RemittancePage> SqliteStore::ListRemittances(const std::string& tenant_id,
                                                    const RemittanceFilter& f) {
  auto after = DecodeCursor("remittances", f.cursor);
  if (!after) return after.error();
  auto reader = AcquireReader();
  if (!reader) return reader.error();
  int limit = ClampLimit(f.limit, 500);
  auto s = (*reader)->Prepare(CLAIMGATE_REMIT_COLUMNS
                              "WHERE tenant_id = ?1 AND seq > ?2 AND (?3 = '' OR payer_id = ?3) "
                              "AND created_ms >= ?4 ORDER BY seq LIMIT ?5");
  s.Bind(1, tenant_id).Bind(2, *after).Bind(3, f.payer_id).Bind(4, f.since_ms);
  s.Bind(5, int64_t{limit} + 1);
  RemittancePage page;
  int64_t last = 0;
  while (s.Step()) {
    if (static_cast<int>(page.remittances.size()) == limit) {
      page.next_cursor = EncodeCursor("remittances", last);
      break;
    }
    page.remittances.push_back(RemittanceFromRow(s));
    last = s.Int(9);
  }
  if (!s.ok()) return (*reader)->LastError("listing remittances");
  return page;
}

Result<std::vector<ClaimPayment>> SqliteStore::ListClaimPayments(const std::string& tenant_id,
                                                                 const std::string& claim_id) {
  auto reader = AcquireReader();
  if (!reader) return reader.error();
  auto rows = (*reader)->Prepare(CLAIMGATE_PAYMENT_COLUMNS
                                 "WHERE cp.claim_id = ? AND r.tenant_id = ? ORDER BY cp.seq");
  rows.Bind(1, claim_id).Bind(2, tenant_id);
  return ReadClaimPayments(**reader, rows);
}

void SqliteStore::InsertStatusRecord(StatusRecord rec, Done<StatusRecord> done) {
  rec.id = NewId("sts");
  rec.created_ms = NowMs();
  auto sealed = keys().Seal(rec.detail, Aad("status_records.detail", rec.id));
  if (!sealed) return done(sealed.error());
  Submit<StatusRecord>(
      [rec = std::move(rec), enc = std::move(*sealed)](Db& db) -> Result<StatusRecord> {
        if (!rec.claim_id.empty()) {
          auto t = db.Prepare("SELECT 1 FROM claims WHERE id = ? AND tenant_id = ?");
          t.Bind(1, rec.claim_id).Bind(2, rec.tenant_id);
          if (!t.Step()) return NotFound("claim " + rec.claim_id);
        }
        auto s = db.Prepare(
            "INSERT INTO status_records(id, tenant_id, claim_id, payer_id, source, "
            "inbound_file_id, patient_control_number, payer_claim_control_number, category_code, "
            "status_code, entity_code, effective_date, detail_enc, created_ms) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        s.Bind(1, rec.id).Bind(2, rec.tenant_id).Bind(3, rec.claim_id).Bind(4, rec.payer_id);
        s.Bind(5, rec.source).Bind(6, rec.inbound_file_id).Bind(7, rec.patient_control_number);
        s.Bind(8, rec.payer_claim_control_number).Bind(9, rec.category_code);
        s.Bind(10, rec.status_code).Bind(11, rec.entity_code).Bind(12, rec.effective_date);
        s.BindBlob(13, enc).Bind(14, rec.created_ms);
        s.Step();
        if (!s.ok()) return db.LastError("inserting status record");
        return rec;
      },
      std::move(done));
}

namespace {
Result<std::vector<StatusRecord>> ReadStatus(Db& db, Stmt& s, const Keyring& keys) {
  std::vector<StatusRecord> out;
  while (s.Step()) {
    StatusRecord r{s.Text(0), s.Text(1), s.Text(2), s.Text(3),  s.Text(4),  s.Text(5), s.Text(6),
                   s.Text(7), s.Text(8), s.Text(9), s.Text(10), s.Text(11), {},        s.Int(13)};
    auto detail = keys.Open(s.Blob(12), Aad("status_records.detail", r.id));
    if (!detail) return detail.error();
    r.detail = std::move(*detail);
    out.push_back(std::move(r));
  }
  if (!s.ok()) return db.LastError("reading status records");
  return out;
}
}  // namespace

Result<std::vector<StatusRecord>> SqliteStore::ListStatusRecords(const std::string& tenant_id,
                                                                 const std::string& claim_id) {
  auto reader = AcquireReader();
  if (!reader) return reader.error();
  auto s = (*reader)->Prepare(CLAIMGATE_STATUS_COLUMNS
                              "WHERE tenant_id = ? AND claim_id = ? AND claim_id != '' "
                              "ORDER BY seq");
  s.Bind(1, tenant_id).Bind(2, claim_id);
  return ReadStatus(**reader, s, keys());
}

Result<std::vector<StatusRecord>> SqliteStore::ListUnmatchedStatus(int limit) {
  auto reader = AcquireReader();
  if (!reader) return reader.error();
  auto s = (*reader)->Prepare(CLAIMGATE_STATUS_COLUMNS "WHERE claim_id = '' ORDER BY seq LIMIT ?");
  s.Bind(1, static_cast<int64_t>(ClampLimit(limit, 10000)));
  return ReadStatus(**reader, s, keys());
}

}  // namespace claimgate::store
