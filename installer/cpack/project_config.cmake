# Read by cpack once per generator. The .deb installs under /usr; the .tar.gz is
# relocatable (bin/, share/, lib/systemd/, etc/xdg/ at its top), to unpack under any prefix.
if(CPACK_GENERATOR STREQUAL "TGZ")
  set(CPACK_PACKAGING_INSTALL_PREFIX "/")
endif()
