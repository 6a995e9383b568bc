#include "lecter/app/app.h"

int main(int argc, char** argv) { return lecter::runApp(argc, argv); }
