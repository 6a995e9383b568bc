#include <gtest/gtest.h>

#include <string>

#include "config_texts.h"
#include "lecter/config/config_loader.h"

namespace lecter {
namespace {

using testing::kMinimalConfig;
using testing::replaced;

struct RefusedCase {
  const char* written;  // as in the file
  const char* reason;   // what the messages say after "ip: "
};

void PrintTo(const RefusedCase& c, std::ostream* out) { *out << c.written; }

class RefusedAddress : public ::testing::TestWithParam<RefusedCase> {
 protected:
  static std::string configText() {
    return replaced(kMinimalConfig, "      ip: 198.18.0.21\n",
                    std::string("      ip: \"") + GetParam().written + "\"\n");
  }
  static std::string message() {
    return std::string("config.yaml:16:11: service_healthcheck_list.db.iplist[0].ip: ") + GetParam().reason +
           "; Kubernetes refuses it in Endpoints";
  }
};

TEST_P(RefusedAddress, IsAnErrorByDefault) {
  try {
    loadConfigText(configText(), "config.yaml");
    FAIL() << "accepted " << GetParam().written;
  } catch (const ConfigError& error) {
    EXPECT_EQ(std::string(error.what()), message());
  }
}

TEST_P(RefusedAddress, IsAWarningWithItsPositionWhenAllowed) {
  LoadOptions options;
  options.allow_refused_addresses = true;
  const LoadedConfig loaded = loadConfigText(configText(), "config.yaml", options);
  ASSERT_EQ(loaded.warnings.size(), 1U);
  EXPECT_EQ(loaded.warnings[0], message() + " (accepted because refused addresses are allowed for this run)");
  ASSERT_EQ(loaded.config.services.size(), 1U);
  ASSERT_EQ(loaded.config.services[0].targets.size(), 2U);
  EXPECT_EQ(loaded.config.services[0].targets[0].ip.text, GetParam().written);  // each is written canonically
}

INSTANTIATE_TEST_SUITE_P(
    Ranges, RefusedAddress,
    ::testing::Values(
        RefusedCase{"127.0.0.1", "127.0.0.1 must not be in the loopback range (127.0.0.0/8, ::1/128)"},
        RefusedCase{"::1", "::1 must not be in the loopback range (127.0.0.0/8, ::1/128)"},
        RefusedCase{"169.254.10.1",
                    "169.254.10.1 must not be in the link-local range (169.254.0.0/16, fe80::/10)"},
        RefusedCase{"fe80::1", "fe80::1 must not be in the link-local range (169.254.0.0/16, fe80::/10)"},
        RefusedCase{"0.0.0.0", "0.0.0.0 must not be unspecified (0.0.0.0 or ::)"},
        RefusedCase{"224.0.0.251", "224.0.0.251 must not be a multicast address (224.0.0.0/4, ff00::/8)"}));

TEST(OrdinaryAddress, GivesNoWarningEvenWhenRefusedOnesAreAllowed) {
  LoadOptions options;
  options.allow_refused_addresses = true;
  EXPECT_TRUE(loadConfigText(std::string(kMinimalConfig), "config.yaml", options).warnings.empty());
}

TEST(RefusedAddressWarnings, OneForEachRefusedTargetInFileOrder) {
  std::string text = replaced(kMinimalConfig, "      ip: 198.18.0.21\n", "      ip: 127.0.0.2\n");
  text = replaced(text, "      ip: 198.18.0.22\n", "      ip: 127.0.0.3\n");
  LoadOptions options;
  options.allow_refused_addresses = true;
  const LoadedConfig loaded = loadConfigText(text, "config.yaml", options);
  ASSERT_EQ(loaded.warnings.size(), 2U);
  EXPECT_EQ(loaded.warnings[0].substr(0, 19), "config.yaml:16:11: ");
  EXPECT_EQ(loaded.warnings[1].substr(0, 19), "config.yaml:18:11: ");
}

}  // namespace
}  // namespace lecter
