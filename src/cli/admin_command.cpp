#include "src/cli/admin_command.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>
#include <string>

#include "src/store/sqlite_store.hpp"

namespace claimgate::cli {
namespace {

constexpr const char* kKeyEnv = "CLAIMGATE_STORE_KEY";

struct AdminOptions {
  std::string db = "var/claimgate.db";
  std::string key_file;
  std::string tenant_name;
  std::string tenant_id;
  std::string role;
  std::string label;
  std::string key_id;
};

std::unique_ptr<store::SqliteStore> OpenStore(const AdminOptions& o, int* exit_code) {
  auto keys = std::make_shared<store::Keyring>();
  auto loaded =
      o.key_file.empty() ? keys->AddFromEnv(1, kKeyEnv) : keys->AddFromFile(1, o.key_file);
  if (!loaded) {
    std::fprintf(stderr, "claimgate admin: %s (use --key-file PATH or set %s)\n",
                 loaded.error().message.c_str(), kKeyEnv);
    *exit_code = 2;
    return nullptr;
  }
  store::SqliteOptions options;
  options.path = o.db;
  options.keyring = std::move(keys);
  options.reader_connections = 1;
  auto s = store::SqliteStore::Open(std::move(options));
  if (!s) {
    std::fprintf(stderr, "claimgate admin: %s\n", s.error().message.c_str());
    *exit_code = 2;
    return nullptr;
  }
  return std::move(*s);
}

void Audit(store::Store& s, std::string tenant, std::string action, std::string object,
           std::string outcome) {
  store::AuditEntry e;
  e.tenant_id = std::move(tenant);
  e.actor = "admin-cli";
  e.action = std::move(action);
  e.object_id = std::move(object);
  e.remote = "local";
  e.outcome = std::move(outcome);
  (void)store::Wait<void>([&](auto done) { s.AppendAudit(std::move(e), done); });
}

int Fail(const edi::Error& e) {
  std::fprintf(stderr, "claimgate admin: %s\n", e.message.c_str());
  return e.code == "not_found" || e.code == "invalid" || e.code == "conflict" ? 1 : 2;
}

int TenantCreate(store::Store& s, const AdminOptions& o) {
  auto t = store::Wait<store::Tenant>([&](auto done) { s.CreateTenant(o.tenant_name, done); });
  if (!t) return Fail(t.error());
  Audit(s, t->id, "tenant.create", t->id, "ok");
  std::printf("%s\t%s\n", t->id.c_str(), t->name.c_str());
  return 0;
}

int TenantList(store::Store& s) {
  auto list = s.ListTenants();
  if (!list) return Fail(list.error());
  for (const auto& t : *list) std::printf("%s\t%s\n", t.id.c_str(), t.name.c_str());
  return 0;
}

int KeyCreate(store::Store& s, const AdminOptions& o) {
  auto role = store::ParseRole(o.role);
  if (!role) {
    std::fprintf(stderr,
                 "claimgate admin: role must be submitter, biller, operator or admin (a tenant's) "
                 "or platform_operator or platform_admin (the platform's)\n");
    return 1;
  }
  // Platform keys belong to the reserved platform tenant; tenant keys need their tenant.
  std::string tenant = o.tenant_id;
  if (store::IsPlatformRole(*role) && tenant.empty()) tenant = store::kPlatformTenantId;
  if (tenant.empty()) {
    std::fprintf(stderr, "claimgate admin: --tenant is required for a tenant's role\n");
    return 1;
  }
  auto generated = store::GenerateApiKey();
  std::string secret = generated.secret;
  auto k = store::Wait<store::ApiKey>(
      [&](auto done) { s.CreateApiKey(tenant, *role, std::move(generated), o.label, done); });
  if (!k) return Fail(k.error());
  Audit(s, k->tenant_id, "key.create", k->id, "ok");
  std::printf("key id:  %s\ntenant:  %s\nrole:    %s\nkey:     %s\n", k->id.c_str(),
              k->tenant_id.c_str(), std::string(store::RoleName(k->role)).c_str(), secret.c_str());
  std::fprintf(stderr, "This key is shown once; only its SHA-256 hash is stored.\n");
  return 0;
}

int KeyRevoke(store::Store& s, const AdminOptions& o) {
  auto k = store::Wait<store::ApiKey>([&](auto done) { s.RevokeApiKey(o.key_id, done); });
  if (!k) return Fail(k.error());
  Audit(s, k->tenant_id, "key.revoke", k->id, "ok");
  std::printf("revoked %s\n", k->id.c_str());
  return 0;
}

int KeyList(store::Store& s, const AdminOptions& o) {
  auto keys = s.ListApiKeys(o.tenant_id);
  if (!keys) return Fail(keys.error());
  for (const auto& k : *keys) {
    std::printf("%s\t%s\t%s\t%s\n", k.id.c_str(), std::string(store::RoleName(k.role)).c_str(),
                k.prefix.c_str(), k.revoked_ms ? "revoked" : "active");
  }
  return 0;
}

}  // namespace

void AddAdminCommands(CLI::App& app, int* exit_code) {
  auto options = std::make_shared<AdminOptions>();
  auto* admin = app.add_subcommand("admin", "Manage tenants and API keys in the store");
  admin->require_subcommand(1);
  admin->add_option("--db", options->db, "SQLite database file")->capture_default_str();
  admin->add_option("--key-file", options->key_file,
                    std::string("Encryption key file (32 bytes or 64 hex); default: $") + kKeyEnv);

  auto run = [options, exit_code](auto fn) {
    return [options, exit_code, fn] {
      auto s = OpenStore(*options, exit_code);
      if (s) *exit_code = fn(*s, *options);
    };
  };

  auto* tenant = admin->add_subcommand("tenant", "Tenants (one practice or organisation each)");
  tenant->require_subcommand(1);
  auto* tcreate = tenant->add_subcommand("create", "Create a tenant and print its id");
  tcreate->add_option("name", options->tenant_name, "Tenant name")->required();
  tcreate->callback(run([](store::Store& s, const AdminOptions& o) { return TenantCreate(s, o); }));
  tenant->add_subcommand("list", "List tenants")
      ->callback(run([](store::Store& s, const AdminOptions&) { return TenantList(s); }));

  auto* key = admin->add_subcommand("key", "API keys (bound to one tenant and one role)");
  key->require_subcommand(1);
  auto* kcreate = key->add_subcommand("create", "Create a key and print it once");
  kcreate->add_option("--tenant", options->tenant_id,
                      "Tenant id (not for platform roles: they belong to the platform)");
  kcreate->add_option("--role", options->role,
                      "submitter | biller | operator | admin (a tenant's); platform_operator | "
                      "platform_admin (the platform's)")
      ->required();
  kcreate->add_option("--label", options->label, "Note for people (no PHI)");
  kcreate->callback(run([](store::Store& s, const AdminOptions& o) { return KeyCreate(s, o); }));
  auto* krevoke = key->add_subcommand("revoke", "Revoke a key by its id");
  krevoke->add_option("key_id", options->key_id, "Key id (key_...)")->required();
  krevoke->callback(run([](store::Store& s, const AdminOptions& o) { return KeyRevoke(s, o); }));
  auto* klist = key->add_subcommand("list", "List a tenant's keys (never the secrets)");
  klist->add_option("--tenant", options->tenant_id, "Tenant id")->required();
  klist->callback(run([](store::Store& s, const AdminOptions& o) { return KeyList(s, o); }));
}

}  // namespace claimgate::cli
