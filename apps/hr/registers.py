"""hr's Excel registers (台账), one per domain, registered with the one exporter (apps/printing)."""

from apps.printing.registers import register

from .attendance.registers import AttendanceRegister
from .leave.registers import LeaveRegister
from .pay.registers import PayChangeRegister
from .people.registers import BenefitRegister, PassportRegister

HR_REGISTERS = (LeaveRegister(), AttendanceRegister(), PassportRegister(), BenefitRegister(), PayChangeRegister())

register(*HR_REGISTERS)
