#include "lecter/obs/secrets.h"

#include <gtest/gtest.h>

#include <string>

namespace lecter {
namespace {

class SecretsTest : public ::testing::Test {
 protected:
  void SetUp() override { secrets::forgetAll(); }
  void TearDown() override { secrets::forgetAll(); }
};

TEST_F(SecretsTest, EveryOccurrenceOfARememberedSecretIsRedacted) {
  secrets::remember("tok-123456");
  EXPECT_EQ(secrets::redact("Authorization: Bearer tok-123456; again tok-123456."),
            "Authorization: Bearer [redacted]; again [redacted].");
}

TEST_F(SecretsTest, SeveralSecretsAreRedactedAndOtherTextIsLeftAlone) {
  secrets::remember("the-token");
  secrets::remember("redis-pw");
  EXPECT_EQ(secrets::redact("token the-token, password redis-pw, user lecter"),
            "token [redacted], password [redacted], user lecter");
  EXPECT_EQ(secrets::redact("nothing secret"), "nothing secret");
}

TEST_F(SecretsTest, TooShortASecretIsNotRemembered) {
  secrets::remember("");
  secrets::remember("abc");
  EXPECT_EQ(secrets::redact("abc abc"), "abc abc");
}

TEST_F(SecretsTest, ASecretThatContainsTheMarkerDoesNotLoop) {
  secrets::remember("[redacted]x");
  EXPECT_EQ(secrets::redact("[redacted]x[redacted]x"), "[redacted][redacted]");
}

TEST_F(SecretsTest, RotatedTokensPileUpOnlyToALimitOldestForgottenFirst) {
  for (int i = 0; i < 40; ++i) secrets::rememberRotating("token-number-" + std::to_string(100 + i));
  EXPECT_EQ(secrets::redact("token-number-139"), "[redacted]");
  EXPECT_EQ(secrets::redact("token-number-100"), "token-number-100") << "the oldest were forgotten";
}

TEST_F(SecretsTest, NeitherRotationsNorManyReceiversPushOutTheSecretsOfTheConfig) {
  secrets::remember("redis-password-1");
  for (int i = 0; i < 100; ++i)
    secrets::remember("https://robot.example/send?access_token=t" + std::to_string(i));
  secrets::rememberRotating("token-first");
  for (int i = 0; i < 200; ++i) secrets::rememberRotating("token-number-" + std::to_string(i));
  EXPECT_EQ(secrets::redact("redis-password-1"), "[redacted]");
  EXPECT_EQ(secrets::redact("https://robot.example/send?access_token=t0"), "[redacted]");
  EXPECT_EQ(secrets::redact("token-first"), "token-first") << "rotations alone are bounded";
}

}  // namespace
}  // namespace lecter
