#pragma once
/// The service the endpoints tests render for: key and name "db" in namespace "prod", port 5432.

#include "lecter/config/config.h"

namespace lecter::testing {

inline ServiceSpec dbService() {
  ServiceSpec s;
  s.key = "db";
  s.ns = "prod";
  s.name = "db";
  s.port = 5432;
  return s;
}

}  // namespace lecter::testing
