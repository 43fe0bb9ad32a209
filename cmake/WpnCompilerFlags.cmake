# Warning set, sanitizers and fuzzing flags shared by every OpenWPN target.
add_library(wpn_warnings INTERFACE)
target_compile_options(wpn_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
  -Wnon-virtual-dtor -Wold-style-cast -Woverloaded-virtual -Wnull-dereference
  -Wimplicit-fallthrough)
if(WPN_WERROR)
  target_compile_options(wpn_warnings INTERFACE -Werror)
endif()

if(WPN_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()

if(ENABLE_FUZZING AND NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  message(FATAL_ERROR "ENABLE_FUZZING requires clang (set CMAKE_CXX_COMPILER=clang++)")
endif()

# In the fuzzing build every library carries coverage instrumentation, so libFuzzer
# is guided by the decoders' branches and not only by the fuzz target's own code.
if(ENABLE_FUZZING)
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
