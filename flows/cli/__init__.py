"""The ``presswash`` command: ``app`` holds the cleaning commands, ``flow_commands`` the run ones."""
