#include "src/sim/sim_config.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

namespace claimgate::sim {
namespace {

TEST(SimConfig, TheDocumentedExampleLoads) {
  ::setenv("CLAIMGATE_SIM_CORE_PASSWORD", "synthetic", 1);
  auto config = LoadSimConfig(std::string(CLAIMGATE_SOURCE_DIR) + "/deploy/payer-sim.toml");
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->sftp.port, 2222);
  EXPECT_EQ(config->core.port, 9443);
  EXPECT_EQ(config->core.password, "synthetic");
  EXPECT_EQ(config->rules.allowed_percent, 80);
  EXPECT_EQ(config->sftp.root, "var/sim/sftp");
}

TEST(SimConfig, UnknownKeyIsAnErrorNamingFileAndKey) {
  auto config = ParseSimConfig("[faults]\ndrop_acks = true\n[core]\nenabled = false\n"
                               "[sftp]\nenabled = false\n",
                               "sim.toml");
  ASSERT_FALSE(config);
  EXPECT_NE(config.error().message.find("sim.toml: faults.drop_acks: unknown key"),
            std::string::npos)
      << config.error().message;
}

TEST(SimConfig, OutOfRangeAndWrongTypesAreAllReported) {
  auto config = ParseSimConfig(
      "[adjudication]\nallowed_percent = 120\ndeny_procedures = [1]\n"
      "[core]\nenabled = false\n[sftp]\nenabled = false\n",
      "sim.toml");
  ASSERT_FALSE(config);
  EXPECT_NE(config.error().message.find("adjudication.allowed_percent"), std::string::npos);
  EXPECT_NE(config.error().message.find("adjudication.deny_procedures"), std::string::npos);
}

TEST(SimConfig, CorePasswordVariableMustBeSet) {
  ::unsetenv("CLAIMGATE_SIM_TEST_UNSET");
  auto config = ParseSimConfig(
      "[core]\npassword_env = \"CLAIMGATE_SIM_TEST_UNSET\"\n[sftp]\nenabled = false\n", "s.toml");
  ASSERT_FALSE(config);
  EXPECT_NE(config.error().message.find("core.password_env"), std::string::npos);
}

TEST(SimConfig, ManagedSshdNeedsTheGatewaysPublicKey) {
  auto config = ParseSimConfig("[core]\nenabled = false\n", "s.toml");
  ASSERT_FALSE(config);
  EXPECT_NE(config.error().message.find("sftp.authorized_key_file"), std::string::npos);
}

}  // namespace
}  // namespace claimgate::sim
