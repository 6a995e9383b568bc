// The fields a log line carries besides its message (--log-format json).

#include <gtest/gtest.h>

#include "lecter/obs/log.h"

namespace lecter {
namespace {

std::string fieldsNow() {
  std::string text;
  for (const log::Field& field : log::currentFields())
    text += std::string(field.key) + "=" + field.value + " ";
  return text;
}

TEST(LogFields, ANestedScopeAddsToTheOuterOneAndEachEndTakesOnlyItsOwnAway) {
  EXPECT_EQ(fieldsNow(), "");
  {
    const log::ScopedFields service{{"service", "db"}};
    EXPECT_EQ(fieldsNow(), "service=db ");
    {
      const log::ScopedFields target{{"target", "node-01"}, {"address", "10.0.0.1:5432"}};
      EXPECT_EQ(fieldsNow(), "service=db target=node-01 address=10.0.0.1:5432 ");
    }
    EXPECT_EQ(fieldsNow(), "service=db ");
  }
  EXPECT_EQ(fieldsNow(), "");
}

}  // namespace
}  // namespace lecter
